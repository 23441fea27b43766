/// Dates as readers see them. English month names, fixed format: the output
/// must not change with the machine's locale.
enum DateFormatting {
    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    ]

    /// "16 May 2025"
    static func day(_ date: SiteDate) -> String {
        "\(date.local.day) \(monthNames[date.local.month - 1]) \(date.local.year)"
    }

    /// "16 May 2025, 15:45"
    static func dayAndTime(_ date: SiteDate) -> String {
        "\(day(date)), \(pad(date.local.hour)):\(pad(date.local.minute))"
    }

    /// "May 2025"
    static func month(_ year: Int, _ month: Int) -> String {
        "\(monthNames[month - 1]) \(year)"
    }
}
