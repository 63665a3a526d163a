await using var app = FlexiAI.Api.GatewayApp.Create(args);
await app.RunAsync();
