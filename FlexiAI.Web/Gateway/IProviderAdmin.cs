namespace FlexiAI.Web.Gateway;

/// <summary>The gateway's admin actions on a provider's breaker; each acts on every replica.</summary>
public interface IProviderAdmin
{
    /// <summary><c>POST /providers/{name}/reset</c>: close the breaker and forget its failures.</summary>
    Task<ProviderStatus> ResetAsync(string provider, CancellationToken cancellationToken);

    /// <summary><c>POST /providers/{name}/open</c>: open the breaker now, as if the provider had failed.</summary>
    Task<ProviderStatus> OpenAsync(string provider, CancellationToken cancellationToken);
}
