import Foundation
import Net

/// One reading of the CPU time this process and the machine have used, from `/proc`: the process's user and system
/// time (threads that ended included), each live thread's run time by name, and the machine's busy time.
///
/// Why it exists: `bench bids` and `bench market` say where a request's CPU goes (the writer thread, the event loops,
/// the client threads, the kernel), so that a rate can be set against what the cores can give. Two readings taken
/// around a case give its usage (`CPUUsage`). Linux only; elsewhere every figure reads as zero.
struct CPUReading {
    var processUser: Duration = .zero
    var processSystem: Duration = .zero
    /// Run time (user and system, nanoseconds in `schedstat`) of each live thread, by thread id.
    var threads: [Int: (name: String, runTime: Duration)] = [:]
    /// The machine's busy time over all cores: user, nice, system, irq and softirq (steal and idle left out).
    var machineBusy: Duration = .zero
    /// The machine's softirq time over all cores (loopback TCP is processed there when not charged to a thread).
    var machineSoftirq: Duration = .zero

    /// Reads the process, its threads and the machine now.
    static func now() -> CPUReading {
        var reading = CPUReading()
        if let times = processTimes(of: "self") {
            reading.processUser = times.user
            reading.processSystem = times.system
        }
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? [] {
            guard let tid = Int(entry), let runTime = runTime(ofTask: "/proc/self/task/\(entry)"),
                  let name = try? String(contentsOfFile: "/proc/self/task/\(entry)/comm", encoding: .utf8) else { continue }
            reading.threads[tid] = (name.trimmingCharacters(in: .whitespacesAndNewlines), runTime)
        }
        if let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
           let line = text.split(separator: "\n").first, line.hasPrefix("cpu ") {
            // cpu user nice system idle iowait irq softirq steal ...
            let values = line.split(separator: " ").dropFirst().compactMap { Int($0) }
            if values.count >= 7 {
                reading.machineBusy = duration(ofTicks: values[0] + values[1] + values[2] + values[5] + values[6])
                reading.machineSoftirq = duration(ofTicks: values[6])
            }
        }
        return reading
    }

    /// The user and system CPU time of `process` ("self" or a pid, threads that ended included) from
    /// `/proc/PID/stat`; nil where it cannot be read.
    static func processTimes(of process: String) -> (user: Duration, system: Duration)? {
        guard let text = try? String(contentsOfFile: "/proc/\(process)/stat", encoding: .utf8),
              let end = text.lastIndex(of: ")") else { return nil }
        // After "pid (comm)": utime and stime are fields 14 and 15, in clock ticks.
        let fields = text[text.index(after: end)...].split(separator: " ")
        guard fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]) else { return nil }
        return (duration(ofTicks: user), duration(ofTicks: system))
    }

    /// `count` clock ticks as a duration, in whole nanoseconds: a tick (10 ms at 100 Hz) converted through a `Double`
    /// comes out a few attoseconds short, so differences of readings missed whole ticks.
    private static func duration(ofTicks count: Int) -> Duration {
        .nanoseconds(Int64(count) * 1_000_000_000 / Int64(SystemMonotonicClock.processClockTicksPerSecond))
    }

    /// The calling thread's run time so far (user and system), or zero where `/proc` does not say.
    static func currentThreadRunTime() -> Duration {
        runTime(ofTask: "/proc/thread-self") ?? .zero
    }

    /// The first field of a task's `schedstat`: the nanoseconds it ran on a CPU.
    private static func runTime(ofTask path: String) -> Duration? {
        guard let text = try? String(contentsOfFile: path + "/schedstat", encoding: .utf8),
              let field = text.split(separator: " ").first, let nanoseconds = Int64(field) else { return nil }
        return .nanoseconds(nanoseconds)
    }
}
