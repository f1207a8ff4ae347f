import App
WorldgameCommand.main()
