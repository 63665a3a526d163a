await using var app = FlexiAI.Simulator.SimulatorApp.Create(args);
await app.RunAsync();
