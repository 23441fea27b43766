// HTTP requests for `sitegen check --external`, through libcurl loaded on first
// use. Linking libcurl (or FoundationNetworking, which links it) would make every
// run of sitegen load it and its thirty libraries as the process starts: about
// 17 ms of every build, for a command few runs use.

#include "sitegen_system.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

// libcurl's stable ABI numbers (curl/curl.h), so building needs no curl headers.
enum {
    OPT_URL = 10002,
    OPT_ERRORBUFFER = 10010,
    OPT_WRITEFUNCTION = 20011,
    OPT_USERAGENT = 10018,
    OPT_NOBODY = 44,
    OPT_FOLLOWLOCATION = 52,
    OPT_MAXREDIRS = 68,
    OPT_NOSIGNAL = 99,
    OPT_TIMEOUT_MS = 155,
    OPT_CONNECTTIMEOUT_MS = 156,
    OPT_PROTOCOLS = 181,        // a bit mask; deprecated by the _STR forms (7.85)
    OPT_REDIR_PROTOCOLS = 182,
    OPT_PROTOCOLS_STR = 10318,
    OPT_REDIR_PROTOCOLS_STR = 10319,
    PROTO_HTTP_AND_HTTPS = 1 | 2,
    INFO_RESPONSE_CODE = 0x200002,
    GLOBAL_DEFAULT = 3,
    ERROR_SIZE = 256,
};

enum {
    E_OK = 0, E_UNSUPPORTED_PROTOCOL = 1, E_URL_MALFORMAT = 3, E_COULDNT_RESOLVE_PROXY = 5,
    E_COULDNT_RESOLVE_HOST = 6, E_COULDNT_CONNECT = 7, E_WRITE_ERROR = 23, E_OPERATION_TIMEDOUT = 28,
    E_SSL_CONNECT_ERROR = 35, E_TOO_MANY_REDIRECTS = 47, E_UNKNOWN_OPTION = 48, E_GOT_NOTHING = 52,
    E_SEND_ERROR = 55, E_RECV_ERROR = 56, E_SSL_CERTPROBLEM = 58, E_SSL_CIPHER = 59,
    E_PEER_FAILED_VERIFICATION = 60, E_SSL_CACERT_BADFILE = 77, E_SSL_ISSUER_ERROR = 83,
};

typedef void CURL;
static struct {
    int (*global_init)(long);
    CURL *(*easy_init)(void);
    int (*easy_setopt)(CURL *, int, ...);
    int (*easy_perform)(CURL *);
    int (*easy_getinfo)(CURL *, int, ...);
    void (*easy_cleanup)(CURL *);
    const char *(*easy_strerror)(int);
} curl;
static int loaded;
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load(void) {
    static const char *names[] = {
        "libcurl.so.4", "libcurl-gnutls.so.4", "libcurl-nss.so.4", "libcurl.so", "libcurl.4.dylib", "/usr/lib/libcurl.4.dylib",
    };
    void *library = NULL;
    for (size_t i = 0; i < sizeof names / sizeof *names && !library; i++) library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (!library) return;
    *(void **)&curl.global_init = dlsym(library, "curl_global_init");
    *(void **)&curl.easy_init = dlsym(library, "curl_easy_init");
    *(void **)&curl.easy_setopt = dlsym(library, "curl_easy_setopt");
    *(void **)&curl.easy_perform = dlsym(library, "curl_easy_perform");
    *(void **)&curl.easy_getinfo = dlsym(library, "curl_easy_getinfo");
    *(void **)&curl.easy_cleanup = dlsym(library, "curl_easy_cleanup");
    *(void **)&curl.easy_strerror = dlsym(library, "curl_easy_strerror");
    if (!curl.global_init || !curl.easy_init || !curl.easy_setopt || !curl.easy_perform || !curl.easy_getinfo
        || !curl.easy_cleanup || !curl.easy_strerror)
        return;
    // Not thread-safe in older libcurl: done once, before any request.
    loaded = curl.global_init(GLOBAL_DEFAULT) == E_OK;
}

int sitegen_http_available(void) {
    pthread_once(&load_once, load);
    return loaded;
}

// A GET's body is not wanted: the status line and headers have arrived by the
// time the first bytes of it do, so the transfer stops there.
static size_t stop_at_body(char *data, size_t size, size_t count, void *context) {
    (void)data, (void)size, (void)count, (void)context;
    return 0;
}

// Prefers the _STR option (libcurl 7.85 and later), falling back to the bit mask.
static void only_http(CURL *handle, int string_option, int mask_option) {
    if (curl.easy_setopt(handle, string_option, "http,https") == E_UNKNOWN_OPTION)
        curl.easy_setopt(handle, mask_option, (long)PROTO_HTTP_AND_HTTPS);
}

static sitegen_http_failure failure_of(int code) {
    switch (code) {
    case E_OPERATION_TIMEDOUT: return SITEGEN_HTTP_TIMED_OUT;
    case E_COULDNT_RESOLVE_HOST: case E_COULDNT_RESOLVE_PROXY: return SITEGEN_HTTP_HOST_NOT_FOUND;
    case E_COULDNT_CONNECT: return SITEGEN_HTTP_REFUSED;
    case E_GOT_NOTHING: case E_SEND_ERROR: case E_RECV_ERROR: return SITEGEN_HTTP_CONNECTION_LOST;
    case E_TOO_MANY_REDIRECTS: return SITEGEN_HTTP_REDIRECTS;
    case E_SSL_CONNECT_ERROR: case E_SSL_CERTPROBLEM: case E_SSL_CIPHER: case E_PEER_FAILED_VERIFICATION:
    case E_SSL_CACERT_BADFILE: case E_SSL_ISSUER_ERROR: return SITEGEN_HTTP_TLS;
    case E_UNSUPPORTED_PROTOCOL: case E_URL_MALFORMAT: return SITEGEN_HTTP_BAD_URL;
    default: return SITEGEN_HTTP_OTHER;
    }
}

sitegen_http_result sitegen_http_request(const char *url, int head, long timeout_ms, const char *user_agent) {
    sitegen_http_result result = {0, SITEGEN_HTTP_NO_LIBRARY, ""};
    if (!sitegen_http_available()) return result;
    CURL *handle = curl.easy_init();
    if (!handle) {
        result.failure = SITEGEN_HTTP_OTHER;
        snprintf(result.detail, sizeof result.detail, "libcurl could not start a request");
        return result;
    }
    char errors[ERROR_SIZE] = "";
    curl.easy_setopt(handle, OPT_URL, url);
    curl.easy_setopt(handle, OPT_ERRORBUFFER, errors);
    curl.easy_setopt(handle, OPT_USERAGENT, user_agent);
    curl.easy_setopt(handle, OPT_NOSIGNAL, 1L);  // timeouts without SIGALRM: requests run on several threads
    curl.easy_setopt(handle, OPT_FOLLOWLOCATION, 1L);
    curl.easy_setopt(handle, OPT_MAXREDIRS, 10L);
    curl.easy_setopt(handle, OPT_TIMEOUT_MS, timeout_ms);
    curl.easy_setopt(handle, OPT_CONNECTTIMEOUT_MS, timeout_ms);
    only_http(handle, OPT_PROTOCOLS_STR, OPT_PROTOCOLS);
    only_http(handle, OPT_REDIR_PROTOCOLS_STR, OPT_REDIR_PROTOCOLS);
    if (head) curl.easy_setopt(handle, OPT_NOBODY, 1L);
    else curl.easy_setopt(handle, OPT_WRITEFUNCTION, stop_at_body);
    int code = curl.easy_perform(handle);
    long status = 0;
    curl.easy_getinfo(handle, INFO_RESPONSE_CODE, &status);
    curl.easy_cleanup(handle);
    if (code == E_OK || (code == E_WRITE_ERROR && !head && status > 0)) {
        result.status = (int)status;
        result.failure = SITEGEN_HTTP_ANSWERED;
        return result;
    }
    result.failure = failure_of(code);
    snprintf(result.detail, sizeof result.detail, "%s", errors[0] ? errors : curl.easy_strerror(code));
    return result;
}
