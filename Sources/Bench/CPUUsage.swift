import Store

/// The CPU one benchmark case used, by the role of the threads that used it, between two `CPUReading`s.
///
/// Threads are told apart by their kernel names: the Writer's thread (`Writer.threadName`, cut to the kernel's 15
/// bytes) and the event loops (names with "loop"). Client threads end before the closing reading, so they measure
/// themselves (`ClientCPUTotal`). What is left of the process's time is "other" (the benchmark's own thread, the
/// runtime's threads).
struct CPUUsage {
    var writer: Duration
    var loops: Duration
    var clients: Duration
    var process: Duration
    var processSystem: Duration
    var machineBusy: Duration
    var machineSoftirq: Duration

    init(from before: CPUReading, to after: CPUReading, clients: Duration) {
        let writerName = String(Writer.threadName.utf8.prefix(15)) ?? Writer.threadName
        var writer = Duration.zero
        var loops = Duration.zero
        for (tid, thread) in after.threads {
            let used = thread.runTime - (before.threads[tid]?.runTime ?? .zero)
            if thread.name == writerName {
                writer += used
            } else if thread.name.contains("loop") {
                loops += used
            }
        }
        self.writer = writer
        self.loops = loops
        self.clients = clients
        process = after.processUser + after.processSystem - before.processUser - before.processSystem
        processSystem = after.processSystem - before.processSystem
        machineBusy = after.machineBusy - before.machineBusy
        machineSoftirq = after.machineSoftirq - before.machineSoftirq
    }

    /// The process's time no role above accounts for (never below zero: the readings come from different clocks).
    var other: Duration { max(.zero, process - writer - loops - clients) }

    /// "CPU per bid (b): writer 41.2 us, loops 30.1 us, clients 25.0 us, other 1.0 us; process 97.3 us (system 40.2 us),
    /// machine 99.0 us (softirq 2.0 us)", each divided by `count`.
    func line(per unit: String, count: Int) -> String {
        let micro = { (duration: Duration) -> String in
            String(format: "%.1f us", count > 0 ? duration.seconds * 1e6 / Double(count) : 0)
        }
        return "CPU per \(unit): writer \(micro(writer)), loops \(micro(loops)), clients \(micro(clients)), "
            + "other \(micro(other)); process \(micro(process)) (system \(micro(processSystem))); "
            + "machine \(micro(machineBusy)) (softirq \(micro(machineSoftirq)))"
    }
}
