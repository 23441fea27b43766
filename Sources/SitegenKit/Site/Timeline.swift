/// Groups briefings by year and month on the site's clock. A briefing's month
/// never changes when others are added, so month pages are permanent links.
enum Timeline {
    static func group(_ briefings: [Briefing]) -> [YearGroup] {
        var byMonth: [Int: [Int]] = [:]
        for (index, briefing) in briefings.enumerated() {
            let day = briefing.date.local
            byMonth[day.year * 100 + day.month, default: []].append(index)
        }
        var years: [YearGroup] = []
        var months: [MonthGroup] = []
        for key in byMonth.keys.sorted(by: >) {
            let (year, month) = (key / 100, key % 100)
            if let last = months.last, last.year != year {
                years.append(YearGroup(year: last.year, months: months))
                months = []
            }
            months.append(MonthGroup(year: year, month: month, briefings: byMonth[key, default: []]))
        }
        if let last = months.last { years.append(YearGroup(year: last.year, months: months)) }
        return years
    }
}
