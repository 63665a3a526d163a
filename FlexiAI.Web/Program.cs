FlexiAI.Web.WebUiApp.Create(args).Run();
