/// One result slot per task, written by whichever worker runs the task and read in task order
/// once all have finished: parallel work with a deterministic result, and no lock (each slot is
/// written exactly once, by one thread).
///
/// Used by `BatchValidation` (a slot per file) and the `Consolidator` (a slot per month).
package final class ResultSlots<Element>: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<Element?>

    package init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: nil)
    }

    deinit {
        buffer.deinitialize()
        buffer.deallocate()
    }

    /// Fills slot `index`; each slot is written once, by the worker that owns it.
    package func set(_ index: Int, _ value: Element) { buffer[index] = value }

    /// The results in slot order; every slot must have been filled.
    package func collect() -> [Element] { buffer.map { $0! } }

    /// The first `count` results in slot order; those slots must have been filled.
    package func collect(first count: Int) -> [Element] { buffer.prefix(count).map { $0! } }
}
