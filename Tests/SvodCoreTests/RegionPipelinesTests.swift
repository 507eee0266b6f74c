import Foundation
import Testing
@testable import SvodModel

/// The region pipelines besides the demo (Pipelines/gorodets.yaml, kazachinsky.yaml, amur.yaml,
/// omsk.yaml), each over its sample mail (Samples/regions/<name>/inbox, made by
/// Samples/make_regions.py). The mail is replayed through the real `svod run` as the operator's
/// job would see it: every file dropped into the inbox at its receipt moment (received.csv) and
/// the job run then; at chosen moments before and after a due moment the period is republished
/// (`--period`) and its JSON read. The expected figures are worked out by hand from the mail
/// plan in make_regions.py; each test writes the derivation next to its numbers.
///
/// Timeliness: the first valid file decides (by the end of the due day, region's clock). Before
/// the due moment a reporter without a valid file is awaited, never missing. Overdue: a measure
/// the reporter owes, with a checkpoint passed by the months the period's report answers for (by
/// its previous period's for an awaited reporter), whose latest reported status is not done or
/// not required (a repeated measure in progress is on track until its last checkpoint).
/// Completion share: done ÷ (owed measures whose window has started by the period's end − not
/// required).
@Suite(.serialized) struct RegionPipelinesTests {
    typealias JSON = [String: Any]

    /// A replayed region: its temporary folder and the JSON read at each checkpoint.
    struct Replay {
        var root: URL
        var name: String
        var snapshots: [String: JSON]
        /// The periods published by the end, from the output folder's JSON names.
        var published: [String]
    }

    static let repo = DemoRegion.root

    /// A temporary folder with the pipeline's definition, pointing at the repository's roadmap,
    /// registry and schema, with its folders inside.
    static func makeRegion(_ name: String) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("svod-region-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("inbox"), withIntermediateDirectories: true)
        let text = try String(contentsOf: repo.appendingPathComponent("Pipelines/\(name).yaml"), encoding: .utf8)
        var lines: [String] = []
        var inFolders = false
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("folders:") { inFolders = true; continue }
            if inFolders && line.hasPrefix("  ") { continue }
            inFolders = false
            if line.hasPrefix("ledger:") { continue }
            if line.hasPrefix("schema: ") {
                lines.append("schema: " + repo.appendingPathComponent("Pipelines/" + line.dropFirst("schema: ".count)).path)
                continue
            }
            lines.append(line.replacingOccurrences(of: "../Samples/", with: repo.path + "/Samples/"))
        }
        lines.append("folders: {inbox: inbox, archive: archive, quarantine: quarantine, output: out}")
        lines.append("ledger: work/ledger.sqlite")
        try Data(lines.joined(separator: "\n").utf8).write(to: root.appendingPathComponent("\(name).yaml"))
        return root
    }

    static func date(_ text: String) throws -> Date {
        let formatter = ISO8601DateFormatter()
        return try #require(formatter.date(from: text), "not a timestamp: \(text)")
    }

    /// Replays the region's mail; at each checkpoint (moment → period) republishes the period as
    /// of that moment and keeps its JSON under "<period>@<moment>". Ends with a run at `end`.
    static func replay(_ name: String, checkpoints: [(String, String)], end: String) throws -> Replay {
        let root = try makeRegion(name)
        let inbox = repo.appendingPathComponent("Samples/regions/\(name)/inbox")
        let manifest = try String(contentsOf: inbox.appendingPathComponent("received.csv"), encoding: .utf8)
        var drops: [String: [String]] = [:]
        for line in manifest.split(separator: "\n").dropFirst() {
            let parts = line.split(separator: ";").map(String.init)
            drops[parts[1], default: []].append(parts[0])
        }
        enum Event { case drop(String, [String]), checkpoint(String, String), end(String) }
        var events: [(Date, Int, Event)] = try drops.map { (try date($0.key), 0, .drop($0.key, $0.value)) }
        events += try checkpoints.map { (try date($0.0), 1, .checkpoint($0.0, $0.1)) }
        events.append((try date(end), 2, .end(end)))
        events.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        let yaml = root.appendingPathComponent("\(name).yaml").path
        var snapshots: [String: JSON] = [:]
        for (_, _, event) in events {
            switch event {
            case .drop(let moment, let files):
                for file in files {
                    try FileManager.default.copyItem(at: inbox.appendingPathComponent(file),
                                                     to: root.appendingPathComponent("inbox").appendingPathComponent(file))
                }
                let result = try RunRecoveryTests.svod(["run", yaml, "--as-of", moment])
                #expect(result.status <= 1, "svod run at \(moment): \(result.stderr)")
            case .checkpoint(let moment, let period):
                let result = try RunRecoveryTests.svod(["run", yaml, "--as-of", moment, "--period", period])
                #expect(result.status <= 1, "svod run at \(moment) for \(period): \(result.stderr)")
                let data = try Data(contentsOf: root.appendingPathComponent("out/\(name)-\(period).json"))
                snapshots["\(period)@\(moment)"] = try #require(try JSONSerialization.jsonObject(with: data) as? JSON)
            case .end(let moment):
                let result = try RunRecoveryTests.svod(["run", yaml, "--as-of", moment])
                #expect(result.status <= 1, "svod run at \(moment): \(result.stderr)")
            }
        }
        let published = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("out").path)
            .filter { $0.hasSuffix(".json") }
            .map { String($0.dropFirst(name.count + 1).dropLast(".json".count)) }
            .sorted()
        return Replay(root: root, name: name, snapshots: snapshots, published: published)
    }

    /// The figures of one published JSON.
    struct Figures {
        var json: JSON
        var totals: [String: Int] { (json["totals"] as? [String: Any] ?? [:]).compactMapValues { $0 as? Int } }
        /// on_time, late, awaited, missing, overdue.
        var counts: [Int] { ["on_time", "late", "awaited", "missing", "overdue"].map { totals[$0] ?? -1 } }
        func reporter(_ code: String) -> JSON {
            (json["municipalities"] as? [JSON] ?? []).first { $0["code"] as? String == code } ?? [:]
        }
        func report(_ code: String) -> String? { reporter(code)["report"] as? String }
        func completion(_ code: String) -> Double? { (reporter(code)["completion_share"] as? NSNumber)?.doubleValue }
        func overdue(_ code: String) -> Int? { reporter(code)["overdue"] as? Int }
        func measure(_ id: String) -> JSON {
            (json["measures"] as? [JSON] ?? []).first { $0["id"] as? String == id } ?? [:]
        }
        func measureCompletion(_ id: String) -> Double? { (measure(id)["completion_share"] as? NSNumber)?.doubleValue }
        /// A measure's share figure: numerator, denominator, reporters counted, share.
        func share(_ id: String) -> (Double, Double, Int, Double?)? {
            guard let figure = (measure(id)["shares"] as? [JSON])?.first else { return nil }
            return ((figure["numerator"] as? NSNumber)?.doubleValue ?? -1, (figure["denominator"] as? NSNumber)?.doubleValue ?? -1,
                    figure["reporters"] as? Int ?? -1, (figure["share"] as? NSNumber)?.doubleValue)
        }
    }

    static func figures(_ replay: Replay, _ period: String, _ moment: String) throws -> Figures {
        Figures(json: try #require(replay.snapshots["\(period)@\(moment)"], "no snapshot of \(period) at \(moment)"))
    }

    // MARK: - Gorodets: quarterly reports of six schools on a school-year plan

    /// Schools A (№ 16) and B (№ 18) owe section 2's school measures (1.14, 2.3, 2.4: 3);
    /// C (№ 15) and D (Ковригинская) section 3's (1.14, 3.1–3.4: 5); E (Бриляковская) and
    /// F (№ 3) section 4's (1.14, 4.1, 4.2, 4.4, 4.7: 5; 4.4 starts in November). Checkpoints:
    /// 2.3, 2.4, 3.1, 4.1 in 2020-09; 4.2 in 2020-10; 3.2, 3.3, 4.4 in 2020-12; 1.14, 3.4, 4.7 at
    /// the plan's end, 2021-08. 2020-Q4 is due 11.01.2021 23:59 MSK (the 10th is a Sunday).
    @Test func gorodets() throws {
        let (a, b, c, d, e, f) = ("5248010016", "5248010018", "5248010015", "5248010101", "5248010201", "5248010003")
        let before = "2021-01-11T09:00:00+03:00", after = "2021-01-20T12:00:00+03:00"
        let replay = try Self.replay("gorodets", checkpoints: [(before, "2020-Q4"), (after, "2020-Q4")], end: "2021-10-25T12:00:00+03:00")
        defer { try? FileManager.default.removeItem(at: replay.root) }
        // Quarters from collect_from (2020-Q3) through the plan's end (August 2021 → 2021-Q3).
        #expect(replay.published == ["2020-Q3", "2020-Q4", "2021-Q1", "2021-Q2", "2021-Q3"])

        // The morning of the due day. Valid Q4 files so far: A (28.12), D (06.01); B's file of
        // 08:30 is invalid. On time 2 (A, D); awaited 4 (B, C, E, F); late 0; missing 0.
        // Overdue: A and D judged through 2020-12 — 2.3, 2.4 and 3.1–3.3 done, the rest run to
        // 2021-08: 0. The awaited through their Q3 reports (2020-09): B's 2.4 in progress past
        // 2020-09 → 1; C's 3.1 done → 0; E's 4.1 done → 0; F never reported, 4.1 (2020-09) → 1.
        // Total 2.
        let early = try Self.figures(replay, "2020-Q4", before)
        #expect(early.json["due_date"] as? String == "2021-01-11")
        #expect(early.counts == [2, 0, 4, 0, 2])
        #expect(early.overdue(b) == 1 && early.overdue(f) == 1)
        // A: 2.3, 2.4 done of 3 → 0.6667. B (its Q3 statuses): 2.3 of 3 → 0.3333.
        // D: 3.1–3.3 of 5 → 0.6. E (Q3): 4.1 of 5 (4.4 has started by December) → 0.2.
        #expect(early.completion(a) == 0.6667 && early.completion(b) == 0.3333)
        #expect(early.completion(d) == 0.6 && early.completion(e) == 0.2)
        #expect(early.report(c) == "awaited" && early.report(e) == "awaited")

        // After the due date. A, D on time; C on time (15:00 on the due day; its correction of
        // 15.01 wins in content); B late (first valid file 13.01: 2 days); F late (18.01: 7
        // days); E missing. On time 3, late 2, awaited 0, missing 1.
        // Overdue through 2020-12: B's 2.4 «Не выполнено» → 1; C (corrected: 3.1–3.3 done) → 0;
        // E (Q3 statuses) 4.2 in progress past 2020-10 and 4.4 never reported past 2020-12 → 2;
        // F's 4.4 «Не выполнено» → 1. Total 4.
        let late = try Self.figures(replay, "2020-Q4", after)
        #expect(late.counts == [3, 2, 0, 1, 4])
        #expect(late.report(b) == "late" && late.reporter(b)["days_late"] as? Int == 2)
        #expect(late.report(f) == "late" && late.reporter(f)["days_late"] as? Int == 7)
        #expect(late.report(c) == "on_time" && late.reporter(c)["file"] as? String == "5248010015_2020-Q4_v2.csv")
        #expect(late.report(e) == "missing" && late.overdue(e) == 2)
        // C: 3.1–3.3 of 5 → 0.6 (0.4 before its correction); F: 4.1, 4.2 of 5 → 0.4.
        #expect(late.completion(c) == 0.6 && late.completion(f) == 0.4)
        // Measure 2.4 (owed by A and B only): A done → 1 of 2 = 0.5; 3.3 (C, D): both → 1;
        // 4.4 (E, F): none → 0. Section 2's 2.1 is the district's own (УМЦ управления).
        #expect(late.measureCompletion("2.4") == 0.5 && late.measureCompletion("3.3") == 1 && late.measureCompletion("4.4") == 0)
        #expect(late.measure("2.4")["owing"] as? Int == 2)
        #expect(late.measure("2.1")["applies_to"] as? String == "region" && late.measure("2.1")["owing"] as? Int == 0)
        #expect((late.json["totals"] as? JSON)?["rejected"] as? Int == 1)
    }

    // MARK: - Kazachinsky: half-yearly reports of five schools

    /// Every school owes the 8 measures naming the schools (1.6, 2.2, 2.3, 2.5, 4.4, 4.6, 4.8,
    /// 4.10); the rest are the district's own. By the end of 2023-H1, 7 have started (2.2 starts
    /// in August). Checkpoints: 1.6 in 2023-03, 4.6 in 2023-06, 2.2 in 2023-09, the rest 2023-12.
    /// 2023-H1 is due 10.07.2023 23:59 (Asia/Krasnoyarsk).
    @Test func kazachinsky() throws {
        let (k1, k2, k3, k4, k5) = ("2417010001", "2417010002", "2417010003", "2417010004", "2417010005")
        let before = "2023-07-10T08:00:00+07:00", after = "2023-07-25T12:00:00+07:00"
        let replay = try Self.replay("kazachinsky", checkpoints: [(before, "2023-H1"), (after, "2023-H1")], end: "2024-01-25T12:00:00+07:00")
        defer { try? FileManager.default.removeItem(at: replay.root) }
        #expect(replay.published == ["2023-H1", "2023-H2"])

        // The due morning: K1's report (03.07) is in, K3's file is invalid. On time 1, awaited 4,
        // late 0, missing 0. Overdue: K1 through 2023-06 — 1.6 and 4.6 done → 0; the awaited
        // through 2022-H2, before any checkpoint → 0.
        let early = try Self.figures(replay, "2023-H1", before)
        #expect(early.counts == [1, 0, 4, 0, 0])
        // K1: 1.6, 4.6 done of 7 → 0.2857.
        #expect(early.completion(k1) == 0.2857 && early.completion(k5) == 0)

        // After: K1 on time (its correction of 12.07 adds 2.3 done), K2 on time (20:00 on the due
        // day), K4 late (14.07, 4 days), K3 (invalid only) and K5 missing. On time 2, late 1,
        // awaited 0, missing 2. Overdue through 2023-06: K2's 4.6 in progress → 1; K3 and K5, no
        // statuses, 1.6 and 4.6 → 2 each. Total 5.
        let late = try Self.figures(replay, "2023-H1", after)
        #expect(late.counts == [2, 1, 0, 2, 5])
        #expect(late.report(k3) == "missing" && late.reporter(k3)["rejected_files"] as? Int == 1)
        #expect(late.report(k4) == "late" && late.reporter(k4)["days_late"] as? Int == 4)
        // K1: 1.6, 4.6, 2.3 of 7 → 0.4286; K2: 1.6 → 0.1429; K4: 1.6, 4.6 → 0.2857.
        #expect(late.completion(k1) == 0.4286 && late.completion(k2) == 0.1429 && late.completion(k4) == 0.2857)
        // Measure 4.6 done by K1, K4 of 5 → 0.4; 1.6 by K1, K2, K4 → 0.6.
        #expect(late.measureCompletion("4.6") == 0.4 && late.measureCompletion("1.6") == 0.6)
        #expect(late.measure("1.1")["applies_to"] as? String == "region")
    }

    // MARK: - Amur: yearly reports of five municipalities by 1 August

    /// Every municipality owes 1.2, 1.3, 2.1, 2.2, 2.4 and 3.4 (6; 2.4 starts in April 2021);
    /// 1.1 (the ministry) and 2.3 (АмИРО) are the region's. 2.1, 2.2 and 3.4 recur yearly (July,
    /// May, July; last checkpoint 2022-07); 1.2, 1.3 are due 2020-02 and 2020-03, 2.4 2021-04.
    /// The 2021 report is due 02.08.2021 23:59 (1 August is a Sunday; Asia/Yakutsk) and answers
    /// for January–July.
    @Test func amur() throws {
        let (m1, m2, m3, m4, m5) = ("10701000", "10710000", "10712000", "10730000", "10732000")
        let before = "2021-08-02T09:00:00+09:00", after = "2021-08-20T12:00:00+09:00"
        let replay = try Self.replay("amur", checkpoints: [(before, "2021"), (after, "2021")], end: "2022-08-20T12:00:00+09:00")
        defer { try? FileManager.default.removeItem(at: replay.root) }
        // One workbook a year from collect_from (2020): no 2019, no months or quarters.
        #expect(replay.published == ["2020", "2021", "2022"])

        // The due morning: M1 (20.07) and M4 (28.07) are in; M3's file of 30.07 is invalid.
        // On time 2, awaited 3 (M2, M3, M5), late 0, missing 0. Overdue: M4 through 2021-07 —
        // 1.3 in progress past 2020-03 → 1; M1 → 0; the awaited through 2020-07 on their 2020
        // statuses — M5's 1.3 «Не выполнено» → 1, M2, M3 → 0. Total 2.
        let early = try Self.figures(replay, "2021", before)
        #expect(early.json["due_date"] as? String == "2021-08-02")
        #expect(early.counts == [2, 0, 3, 0, 2])
        // M1: 1.2, 1.3, 2.2, 2.4 of 6 → 0.6667; M4: 1.2, 2.2, 2.4 → 0.5; M2 (2020): 1.2, 1.3 →
        // 0.3333; M5 (2020): 1.2 → 0.1667.
        #expect(early.completion(m1) == 0.6667 && early.completion(m4) == 0.5)
        #expect(early.completion(m2) == 0.3333 && early.completion(m5) == 0.1667)

        // After: M1 on time, M2 on time (18:00 on the due day), M4 on time (its correction of
        // 10.08 marks 1.3 done), M3 late (05.08: 3 days), M5 missing. On time 3, late 1,
        // awaited 0, missing 1. Overdue through 2021-07: M2's 2.4 «Не выполнено» → 1; M5's 1.3
        // «Не выполнено» and 2.4 never reported → 2; the recurring ones in progress are on track.
        // Total 3.
        let late = try Self.figures(replay, "2021", after)
        #expect(late.counts == [3, 1, 0, 1, 3])
        #expect(late.report(m3) == "late" && late.reporter(m3)["days_late"] as? Int == 3)
        #expect(late.report(m4) == "on_time" && late.reporter(m4)["file"] as? String == "10730000_2021_v2.csv")
        // M3: 1.2, 1.3, 2.2, 2.4, 3.4 of 6 → 0.8333; M4: 1.2, 1.3, 2.2, 2.4 → 0.6667.
        #expect(late.completion(m3) == 0.8333 && late.completion(m4) == 0.6667)
        // 2.4 done by M1, M3, M4 of 5 → 0.6.
        #expect(late.measureCompletion("2.4") == 0.6)
        #expect(late.measure("2.3")["applies_to"] as? String == "region")
    }

    // MARK: - Omsk: quarterly 500+ monitoring with risk groups and shares

    /// Schools O1 (кадры, неуспешность), O2 (кадры), O3 (неуспешность, мотивация), O4
    /// (мотивация), O5 (кадры, мотивация), O6 (неуспешность). Everyone owes 1.1 (due 2022-03) and
    /// 1.2 (recurring quarterly, last checkpoint 2022-12); 1.3 is the ministry's. 2.1 (Apr–Nov,
    /// «Доля педагогов …») and 2.2 (Sep) are the кадры group's, 2.3 (Feb–Mar, «Доля обучающихся с
    /// рисками …») неуспешность's, 2.4 (May–Oct) мотивация's. 2022-Q2 is due on the 5th working
    /// day after 30 June: 07.07.2022 23:59 (Asia/Omsk).
    @Test func omsk() throws {
        let (o1, o2, o3, o4, o5, o6) = ("5501220001", "5501220002", "5501220003", "5501220004", "5501220005", "5501220006")
        let before = "2022-07-07T09:00:00+06:00", after = "2022-07-15T12:00:00+06:00"
        let replay = try Self.replay("omsk", checkpoints: [(before, "2022-Q2"), (after, "2022-Q2")], end: "2023-01-20T12:00:00+06:00")
        defer { try? FileManager.default.removeItem(at: replay.root) }
        #expect(replay.published == ["2022-Q1", "2022-Q2", "2022-Q3", "2022-Q4"])

        // The due morning: O1 (01.07), O6 (04.07), O2 (06.07) are in; O3's file of 05.07 is
        // invalid (12 of 10 pupils). On time 3, awaited 3 (O3, O4, O5), late 0, missing 0.
        // Overdue: O2's 1.1 in progress past 2022-03 → 1; O6's 1.2 «Не начато» past its first
        // checkpoint → 1; awaited O5 through 2022-03 on its Q1 report, 1.1 «Не выполнено» → 1.
        // Total 3.
        let early = try Self.figures(replay, "2022-Q2", before)
        #expect(early.json["due_date"] as? String == "2022-07-07")
        #expect(early.counts == [3, 0, 3, 0, 3])
        // 2.1's share over the кадры group (O1, O2, O5): O1 10/40, O2 6/20, O5 has not reported
        // on 2.1 → 16/60 = 0.2667 from 2 schools. 2.3 over неуспешность (O1, O3, O6): O1 12/12,
        // O3 its Q1 8/10 (the invalid Q2 file does not count), O6 5/5 → 25/27 = 0.9259.
        #expect(early.share("2.1").map { [$0.0, $0.1, Double($0.2), $0.3 ?? -1] } == [16, 60, 2, 0.2667])
        #expect(early.share("2.3").map { [$0.0, $0.1, Double($0.2), $0.3 ?? -1] } == [25, 27, 3, 0.9259])
        #expect(early.measure("2.1")["owing"] as? Int == 3 && early.measure("2.4")["owing"] as? Int == 3)

        // After: O1, O2, O6 on time; O4 on time (12:00 on the due day; corrected 12.07); O3 late
        // (08.07: 1 day); O5 missing. On time 4, late 1, awaited 0, missing 1. Overdue through
        // 2022-06: O2 1.1, O6 1.2, O5 1.1 as before, and O3's corrected 1.2 «Не выполнено» → 4.
        let late = try Self.figures(replay, "2022-Q2", after)
        #expect(late.counts == [4, 1, 0, 1, 4])
        #expect(late.report(o3) == "late" && late.reporter(o3)["days_late"] as? Int == 1)
        #expect(late.report(o4) == "on_time" && late.report(o5) == "missing")
        // 2.3 now counts O3's corrected 10/10: 12 + 10 + 5 = 27 of 27 → 1.
        #expect(late.share("2.3").map { [$0.0, $0.1, Double($0.2), $0.3 ?? -1] } == [27, 27, 3, 1])
        // Completion (measures started by 30.06: 1.1, 1.2, 2.1, 2.3, 2.4; 2.2 in September):
        // O1 1.1, 2.3 of 4 → 0.5; O3 1.1, 2.3 of 4 → 0.5; O4 1.1 of 3 → 0.3333; O6 1.1, 2.3 of
        // 3 → 0.6667; O5 none of 4 → 0; O2 none of 3 → 0.
        #expect(late.completion(o1) == 0.5 && late.completion(o3) == 0.5 && late.completion(o4) == 0.3333)
        #expect(late.completion(o6) == 0.6667 && late.completion(o5) == 0 && late.completion(o2) == 0)
        // Owed, started or not: O4 1.1, 1.2, 2.4 → 3; O1 1.1, 1.2, 2.1, 2.2, 2.3 → 5.
        #expect(late.reporter(o4)["measures_owed"] as? Int == 3 && late.reporter(o1)["measures_owed"] as? Int == 5)
    }
}
