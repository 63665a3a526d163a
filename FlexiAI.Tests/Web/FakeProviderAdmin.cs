using FlexiAI.Web.Gateway;

namespace FlexiAI.Tests.Web;

/// <summary>Records the admin calls the board makes, and answers as the gateway would.</summary>
internal sealed class FakeProviderAdmin : IProviderAdmin
{
    public List<(string Action, string Provider)> Calls { get; } = [];

    public Exception? Failure { get; set; }

    public Task<ProviderStatus> ResetAsync(string provider, CancellationToken cancellationToken) => Answer("reset", provider, "CLOSED");

    public Task<ProviderStatus> OpenAsync(string provider, CancellationToken cancellationToken) => Answer("open", provider, "OPEN");

    private Task<ProviderStatus> Answer(string action, string provider, string state)
    {
        Calls.Add((action, provider));
        return Failure is { } failure
            ? Task.FromException<ProviderStatus>(failure)
            : Task.FromResult(ClusterReports.Provider(provider, state));
    }
}
