await using var app = FlexiAI.Web.WebUiApp.Create(args);
await app.RunAsync();
