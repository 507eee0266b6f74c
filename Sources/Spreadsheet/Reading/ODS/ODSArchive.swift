#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A mutual-exclusion lock over `pthread_mutex_t`.
final class ODSLock: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t> = .allocate(capacity: 1)

    init() { pthread_mutex_init(mutex, nil) }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    @inline(__always)
    func locked<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    fileprivate var pointer: UnsafeMutablePointer<pthread_mutex_t> { mutex }
}

/// The ODS package: every use of the ZIP archive (libzip's handle, the caps' running total)
/// goes through one lock, since a large part is inflated on a helper thread.
final class ODSArchive: @unchecked Sendable {
    private let archive: ZipArchive
    let lock = ODSLock()
    var limits: ReadLimits { archive.limits }

    /// Parts that inflate to at least this many bytes are inflated ahead on a helper thread
    /// (a municipal report's few kilobytes never are).
    static let defaultPrefetchThreshold = 8 << 20
    let prefetchThreshold: Int

    init(_ archive: ZipArchive, prefetchThreshold: Int = ODSArchive.defaultPrefetchThreshold) {
        self.archive = archive
        self.prefetchThreshold = prefetchThreshold
    }

    func contains(_ part: String) -> Bool { lock.locked { archive.contains(part) } }

    func readAll(_ part: String) throws -> [UInt8] { try lock.locked { try archive.readAll(part) } }

    /// The first `count` bytes of a part at most (never inflates more).
    func head(of part: String, count: Int) throws -> [UInt8] {
        try lock.locked {
            let stream = try archive.open(part)
            var bytes = [UInt8](repeating: 0, count: count)
            var filled = 0
            while filled < count {
                let n = try bytes.withUnsafeMutableBytes { buffer in
                    try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
                }
                if n == 0 { break }
                filled += n
            }
            return Array(bytes[0..<filled])
        }
    }

    /// A scanner over a part, and the object it reads from (kept with the scanner).
    struct PartScanner {
        var scanner: XMLScanner
        let source: AnyObject
    }

    /// A scanner over a part: inflated ahead on a helper thread when the part is large, else as
    /// the scanner asks.
    func scanner(for part: String, file: String) throws -> PartScanner {
        let stream = try lock.locked { try archive.open(part) }
        if stream.declaredSize >= prefetchThreshold {
            let source = ODSPrefetchingSource(stream: stream, archive: self)
            let scanner = XMLScanner(file: file, part: part, chunkSize: 256 * 1024) { [source] buffer in
                try source.read(into: buffer)
            }
            return PartScanner(scanner: scanner, source: source)
        }
        let source = ODSDirectSource(stream: stream, lock: lock)
        let scanner = XMLScanner(file: file, part: part, chunkSize: stream.scanChunkSize) { [source] buffer in
            try source.read(into: buffer)
        }
        return PartScanner(scanner: scanner, source: source)
    }
}

/// A part inflated as the scanner asks, under the archive's lock.
final class ODSDirectSource {
    private var stream: ZipEntryStream?
    private let lock: ODSLock

    init(stream: ZipEntryStream, lock: ODSLock) {
        self.stream = stream
        self.lock = lock
    }

    deinit {
        // The entry is closed under the lock: libzip's handle is shared with any helper thread.
        lock.locked { stream = nil }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        try lock.locked { try stream?.read(into: buffer) ?? 0 }
    }
}

/// Inflates a large part on a helper thread into a ring of buffers while the scanner parses
/// what came before, so that reading costs about the larger of inflating and scanning rather
/// than their sum. The bytes, and a failure after them, arrive in order, exactly as if the
/// scanner read the part itself; the caps are checked by the entry stream as ever. Dropping the
/// source stops the thread and waits for it.
final class ODSPrefetchingSource {
    private let shared: Shared
    private var thread: pthread_t? = nil

    static let bufferCount = 4
    static let bufferSize = 1 << 20

    /// What the two threads share, guarded by `mutex`.
    private final class Shared: @unchecked Sendable {
        let mutex = ODSLock()
        let condition: UnsafeMutablePointer<pthread_cond_t> = .allocate(capacity: 1)
        let buffers: [UnsafeMutableRawPointer]
        var sizes: [Int]
        /// The next buffer the consumer reads, and how far into it.
        var head = 0
        var offset = 0
        /// The next buffer the producer fills.
        var tail = 0
        var filled = 0
        var done = false
        var failure: (any Error)? = nil
        var cancelled = false
        /// Set when no thread could be started: the consumer inflates itself.
        var produceInline = false
        var stream: ZipEntryStream?
        let archive: ODSArchive

        init(stream: ZipEntryStream, archive: ODSArchive) {
            self.stream = stream
            self.archive = archive
            buffers = (0..<ODSPrefetchingSource.bufferCount).map { _ in
                UnsafeMutableRawPointer.allocate(byteCount: ODSPrefetchingSource.bufferSize, alignment: 16)
            }
            sizes = Array(repeating: 0, count: ODSPrefetchingSource.bufferCount)
            pthread_cond_init(condition, nil)
        }

        deinit {
            pthread_cond_destroy(condition)
            condition.deallocate()
            for buffer in buffers { buffer.deallocate() }
        }

        func wait() { pthread_cond_wait(condition, mutex.pointer) }
        func broadcast() { pthread_cond_broadcast(condition) }

        /// The producer: fills free buffers until the part ends, fails, or the consumer leaves.
        func produce() {
            let count = ODSPrefetchingSource.bufferCount
            let size = ODSPrefetchingSource.bufferSize
            while true {
                pthread_mutex_lock(mutex.pointer)
                while filled == count && !cancelled { wait() }
                let stop = cancelled
                let slot = tail
                pthread_mutex_unlock(mutex.pointer)
                if stop { break }

                var n = 0
                var ended = false
                var error: (any Error)? = nil
                do {
                    while n < size {
                        let read = try archive.lock.locked {
                            try stream!.read(into: UnsafeMutableRawBufferPointer(start: buffers[slot] + n, count: size - n))
                        }
                        if read == 0 {
                            ended = true
                            break
                        }
                        n += read
                    }
                } catch let failure {
                    error = failure
                    ended = true
                }

                pthread_mutex_lock(mutex.pointer)
                sizes[slot] = n
                tail = (slot + 1) % count
                filled += 1
                if ended {
                    done = true
                    failure = error
                }
                broadcast()
                pthread_mutex_unlock(mutex.pointer)
                if ended { break }
            }
            // The entry is closed under the archive's lock: libzip's handle is shared.
            archive.lock.locked { stream = nil }
            pthread_mutex_lock(mutex.pointer)
            done = true
            broadcast()
            pthread_mutex_unlock(mutex.pointer)
        }

        /// The consumer: the next bytes in order, 0 at the end of the part.
        func read(into target: UnsafeMutableRawBufferPointer) throws -> Int {
            guard let destination = target.baseAddress, target.count > 0 else { return 0 }
            let count = ODSPrefetchingSource.bufferCount
            while true {
                pthread_mutex_lock(mutex.pointer)
                while filled == 0 && !done { wait() }
                if filled == 0 {
                    let error = failure
                    failure = nil
                    pthread_mutex_unlock(mutex.pointer)
                    if let error { throw error }
                    return 0
                }
                let slot = head
                let available = sizes[slot] - offset
                let start = offset
                pthread_mutex_unlock(mutex.pointer)

                // The buffer is the consumer's until it is handed back below.
                let take = min(available, target.count)
                if take > 0 { destination.copyMemory(from: buffers[slot] + start, byteCount: take) }

                pthread_mutex_lock(mutex.pointer)
                offset += take
                if offset == sizes[slot] {
                    head = (slot + 1) % count
                    offset = 0
                    filled -= 1
                    broadcast()
                }
                pthread_mutex_unlock(mutex.pointer)
                if take > 0 { return take }
            }
        }
    }

    init(stream: ZipEntryStream, archive: ODSArchive) {
        shared = Shared(stream: stream, archive: archive)
        var handle = pthread_t()
        let context = Unmanaged.passRetained(shared).toOpaque()
        let started = pthread_create(&handle, nil, { context in
            let shared = Unmanaged<Shared>.fromOpaque(context!).takeRetainedValue()
            shared.produce()
            return nil
        }, context)
        if started == 0 {
            thread = handle
        } else {
            // No thread: inflate on the caller's thread instead.
            Unmanaged<Shared>.fromOpaque(context).release()
            shared.produceInline = true
        }
    }

    deinit {
        pthread_mutex_lock(shared.mutex.pointer)
        shared.cancelled = true
        shared.broadcast()
        pthread_mutex_unlock(shared.mutex.pointer)
        if let thread { pthread_join(thread, nil) }
        if shared.stream != nil { shared.archive.lock.locked { shared.stream = nil } }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if shared.produceInline {
            guard let stream = shared.stream else { return 0 }
            return try shared.archive.lock.locked { try stream.read(into: buffer) }
        }
        return try shared.read(into: buffer)
    }
}
