import CSQLite

/// A copy of the `unix` VFS's `sqlite3_io_methods` for one open file, some entries replaced, followed by the Swift
/// object those entries call.
///
/// The file's `pMethods` points at `methods`, so a replaced entry finds its object from the `sqlite3_file` SQLite
/// passes it, and the file itself stays the `unix` VFS's own `unixFile` (the entries not replaced are `unix`'s and
/// get exactly what they expect). Allocated by `SQLiteWALAppendVFS` when it opens the file, freed by the file's
/// xClose. See https://www.sqlite.org/c3ref/io_methods.html .
struct SQLiteOwnedIOMethods {
    /// What `pMethods` points at.
    var methods: sqlite3_io_methods
    /// The `unix` VFS's methods this copy was made from.
    let real: UnsafePointer<sqlite3_io_methods>
    /// The retained object the replaced entries call (`Unmanaged`).
    let owner: UnsafeMutableRawPointer

    /// Allocates a copy of `real`, lets `replace` change entries, and points `file` at it. Returns the copy, which
    /// `release(_:)` frees.
    static func install(on file: UnsafeMutablePointer<sqlite3_file>, real: UnsafePointer<sqlite3_io_methods>,
                        owner: AnyObject, replace: (inout sqlite3_io_methods) -> Void) {
        let block = UnsafeMutablePointer<SQLiteOwnedIOMethods>.allocate(capacity: 1)
        block.initialize(to: SQLiteOwnedIOMethods(
            methods: real.pointee, real: real, owner: Unmanaged.passRetained(owner).toOpaque()))
        replace(&block.pointee.methods)
        guard let methods = block.pointer(to: \.methods) else { preconditionFailure("methods is a stored property") }
        file.pointee.pMethods = UnsafePointer(methods)
    }

    /// The block `file`'s `pMethods` points into (the file must have been given one by `install`).
    static func block(of file: UnsafePointer<sqlite3_file>) -> UnsafeMutablePointer<SQLiteOwnedIOMethods> {
        guard let methods = file.pointee.pMethods,
              let offset = MemoryLayout<SQLiteOwnedIOMethods>.offset(of: \.methods) else {
            preconditionFailure("an owned file has methods")
        }
        return UnsafeMutableRawPointer(mutating: UnsafeRawPointer(methods) - offset)
            .assumingMemoryBound(to: SQLiteOwnedIOMethods.self)
    }

    /// The object of `file`'s block.
    static func owner<Owner: AnyObject>(of file: UnsafePointer<sqlite3_file>, as type: Owner.Type) -> Owner {
        Unmanaged<Owner>.fromOpaque(block(of: file).pointee.owner).takeUnretainedValue()
    }

    /// Releases the block's object and frees the block. Call once, from the file's xClose, after the `unix` close.
    static func release(_ block: UnsafeMutablePointer<SQLiteOwnedIOMethods>) {
        Unmanaged<AnyObject>.fromOpaque(block.pointee.owner).release()
        block.deinitialize(count: 1)
        block.deallocate()
    }
}
