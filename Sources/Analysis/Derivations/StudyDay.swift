import Domain

/// Study days (ADaM ADY), with Day 1 the date of first dose and no day 0: the day before Day 1
/// is Day −1 (CDISC SDTM IG §4.4.4; admiral `derive_vars_dy`).
extension Derive {
    /// ADY of `date` given `day1`: date − Day 1 + 1 on or after Day 1, date − Day 1 before it.
    public static func studyDay(date: String, day1: String) throws -> Int {
        studyDay(daysFromDay1: try CivilDate.daysBetween(day1, date))
    }

    /// Sets ADY on every record whose subject has a Day 1 in `day1` (subject → ISO date).
    /// Records without a date or without a Day 1 keep ADY nil and say why in their note.
    public static func studyDays(_ records: consuming [CFBRecord], day1: [String: String]) throws -> [CFBRecord] {
        func apply(_ r: inout CFBRecord) throws {
            guard let d1 = day1[r.subject] else {
                r.appendNote(noFirstDoseNote(subject: r.subject))
                return
            }
            guard !r.date.isEmpty else {
                r.appendNote(noCollectionDateNote)
                return
            }
            do {
                r.studyDay = try studyDay(date: r.date, day1: d1)
            } catch let e as AnalysisError {
                throw located(e, subject: r.subject, parameterCode: r.parameterCode, source: r.source)
            }
        }
        return try eachRecord(records, apply)
    }
}

extension CFBRecord {
    mutating func appendNote(_ text: String) {
        note = Derive.note(note, adding: text)
    }
}

extension Derive {
    /// A record's note with one more reason, `; `-separated (records and columns alike).
    static func note(_ note: String, adding text: String) -> String {
        note.isEmpty ? text : note + "; " + text
    }
}
