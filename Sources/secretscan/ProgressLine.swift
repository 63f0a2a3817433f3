import Foundation
import SecretScan

/// A live `commits · blobs · MiB · MiB/s` line on stderr, only when stderr is a terminal.
final class ProgressLine: @unchecked Sendable {
    // @unchecked Sendable: `timer` is set before the timer starts and read again only by `stop()` on
    // the calling thread; drawing and stopping are serialised by `lock`; the counters are atomics.
    let counters = ScanProgress()
    private var timer: DispatchSourceTimer?
    private let started = Date()
    private let lock = NSLock()
    private var stopped = false

    static func start(enabled: Bool) -> ProgressLine? {
        guard enabled, isatty(STDERR_FILENO) == 1 else { return nil }
        let line = ProgressLine()
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global())
        timer.schedule(deadline: .now() + .milliseconds(250), repeating: .milliseconds(250))
        timer.setEventHandler { [line] in line.draw() }
        line.timer = timer
        timer.resume()
        return line
    }

    private func draw() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        let bytes = counters.bytes.load(ordering: .relaxed)
        let seconds = max(Date().timeIntervalSince(started), 0.001)
        let mib = Double(bytes) / 1_048_576
        let text = String(
            format: "\r\u{1B}[K%d commits · %d blobs · %.1f MiB · %.1f MiB/s",
            counters.commits.load(ordering: .relaxed), counters.blobs.load(ordering: .relaxed), mib, mib / seconds)
        FileHandle.standardError.write(Data(text.utf8))
    }

    func stop() {
        timer?.cancel()
        timer = nil
        lock.lock()
        stopped = true
        lock.unlock()
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
