namespace FlexiAI.Tests.Infrastructure;

/// <summary>Command-line settings for a gateway under test.</summary>
public static class GatewayArguments
{
    /// <summary><c>--FlexiAI:Providers:{index}:*</c> for one provider.</summary>
    public static IEnumerable<string> Provider(int index, string name, string kind, string model, int priority, Uri endpoint, TimeSpan timeout)
    {
        var prefix = $"--FlexiAI:Providers:{index}:";
        return
        [
            prefix + "Name=" + name, prefix + "Kind=" + kind, prefix + "Model=" + model,
            prefix + "Priority=" + priority, prefix + "Endpoint=" + endpoint, prefix + "Timeout=" + timeout,
        ];
    }
}
