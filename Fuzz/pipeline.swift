// Fuzz target: the pipeline definition loader (YAML through Yams, then Svod's checks).
import Foundation
import Spreadsheet
import SvodModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPipeline(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let path = FuzzInput.file(FuzzInput.bytes(start, count), suffix: ".yaml")
    _ = try? PipelineDefinition.load(path: path)
    return 0
}
