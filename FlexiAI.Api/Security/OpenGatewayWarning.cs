namespace FlexiAI.Api.Security;

/// <summary>Says at start-up, loudly, when the gateway accepts calls without a key.</summary>
internal sealed partial class OpenGatewayWarning(KeyAuthenticator authenticator, ILogger<OpenGatewayWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!authenticator.HasClientKeys)
        {
            LogOpen(logger);
        }
        if (!authenticator.HasAdminKeys && !authenticator.Open)
        {
            LogNoAdmin(logger);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 500, Level = LogLevel.Warning,
        Message = "No client keys are configured (FlexiAI:Auth:ClientKeys): the OpenAI API is open to anyone who can reach this gateway. Fine for local use; configure keys for any deployment.")]
    private static partial void LogOpen(ILogger logger);

    [LoggerMessage(EventId = 501, Level = LogLevel.Warning,
        Message = "No admin keys are configured (FlexiAI:Auth:AdminKeys): admin actions are disabled.")]
    private static partial void LogNoAdmin(ILogger logger);
}
