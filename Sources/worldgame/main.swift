import App
import Bench
import DebugTools

WorldgameCommand.main(tools: [BenchCommand.self, DebugCommand.self])
