/// Placeholder entry point; replaced by the real command line.
public enum WorldgameCommand {
    public static func main() { print(EmbeddedFiles.folders["migrations"]?.count ?? 0) }
}
