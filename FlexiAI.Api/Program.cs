FlexiAI.Api.GatewayApp.Create(args).Run();
