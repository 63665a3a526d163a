FlexiAI.Simulator.SimulatorApp.Create(args).Run();
