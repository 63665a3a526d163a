using YamlDotNet.Serialization;

namespace FlexiAI.AppHost.Publishing;

/// <summary>
/// Builds Kubernetes objects as ordered maps (fields in the order <c>kubectl</c> users read them) and writes them as YAML.
/// </summary>
internal static class YamlWriter
{
    // Kubernetes reads YAML 1.1, where yes, no, on, off and 1:30 are not strings: quote them (first, as YamlDotNet asks).
    private static readonly ISerializer s_serializer = new SerializerBuilder()
        .WithQuotingNecessaryStrings(quoteYaml1_1Strings: true)
        .WithIndentedSequences()
        .DisableAliases()
        .Build();

    /// <summary>A mapping with its entries in the order given; entries whose value is <see langword="null"/> are left out.</summary>
    public static OrderedDictionary<string, object> Map(params (string Key, object? Value)[] entries)
    {
        var map = new OrderedDictionary<string, object>(entries.Length, StringComparer.Ordinal);
        foreach (var (key, value) in entries)
        {
            if (value is not null)
            {
                map.Add(key, value);
            }
        }

        return map;
    }

    /// <summary>A sequence.</summary>
    public static List<object> List(params object[] items) => [.. items];

    /// <summary>One object as a YAML document, after a comment header.</summary>
    public static string Document(string header, object value)
    {
        var yaml = s_serializer.Serialize(value).Replace("\r\n", "\n", StringComparison.Ordinal);
        return header + yaml;
    }
}
