import Foundation
import Testing

@testable import SitegenKit

/// The repository's own sample archive, built and read back like a reader would.
@Suite("Sample archive")
struct SampleArchiveAuditTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private func buildAndAudit(source: URL) throws -> LinkAuditor.Report {
        let output = FileManager.default.temporaryDirectory.appending(path: "sitegen-audit-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let options = BuildOptions(source: source, output: output, policy: PublishPolicy(now: Date()))
        let result = Result { () throws(BuildFailure) in try SiteGenerator.build(options) }
        if case .failure(let failure) = result {
            Issue.record("build failed:\n\(failure)")
        }
        return try LinkAuditor(root: output).audit()
    }

    @Test("builds with every internal link resolving and no orphan page")
    func sampleArchiveLinksResolve() throws {
        let report = try buildAndAudit(source: Self.repositoryRoot)
        #expect(report.pages > 40)
        #expect(report.links > 500)
        #expect(report.broken == [])
        #expect(report.orphans == [])
    }

    /// Set SITEGEN_AUDIT_SITE to a site folder (e.g. one around a gen_corpus.py
    /// corpus) to audit it too; skipped otherwise, as it may be large.
    @Test(
        "an extra site named by SITEGEN_AUDIT_SITE builds with no broken link or orphan",
        .enabled(if: ProcessInfo.processInfo.environment["SITEGEN_AUDIT_SITE"] != nil))
    func extraSiteLinksResolve() throws {
        let site = URL(fileURLWithPath: ProcessInfo.processInfo.environment["SITEGEN_AUDIT_SITE"] ?? "")
        let report = try buildAndAudit(source: site)
        #expect(report.broken.prefix(20) == [])
        #expect(report.orphans.prefix(20) == [])
    }

    @Test("the auditor catches a broken link, a missing fragment and an orphan")
    func auditorFindsPlantedProblems() throws {
        let root = FileManager.default.temporaryDirectory.appending(path: "sitegen-auditor-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let files = [
            "index.html": #"<a href="/a/">a</a> <a href="/missing/">m</a> <a href="/a/#nope">f</a>"#,
            "a/index.html": #"<h2 id="here">x</h2><a href="/#top">home</a>"#,
            "lonely/index.html": "<p>nobody links here</p>",
        ]
        for (path, text) in files {
            let url = root.appending(path: path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let report = try LinkAuditor(root: root).audit()
        #expect(report.broken.map(\.target).sorted() == ["/#top", "/a/#nope", "/missing/"])
        #expect(report.orphans == ["lonely/index.html"])
    }
}
