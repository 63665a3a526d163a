using System.Globalization;
using System.Text.RegularExpressions;

namespace FlexiAI.Tests.Infrastructure;

/// <summary>One sample of a <c>/metrics</c> page.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>Reads the samples of a Prometheus text exposition (<c>GET /metrics</c>).</summary>
public static partial class PrometheusText
{
    public static List<PrometheusSample> Samples(string exposition) =>
        [.. exposition.Split('\n')
            .Select(line => SampleLine().Match(line))
            .Where(match => match.Success)
            .Select(match => new PrometheusSample(
                match.Groups["name"].Value,
                Label().Matches(match.Groups["labels"].Value).ToDictionary(l => l.Groups[1].Value, l => l.Groups[2].Value),
                double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture)))];

    /// <summary>The value of the one sample of <paramref name="name"/> that has all of <paramref name="labels"/>, or null.</summary>
    public static double? Value(IEnumerable<PrometheusSample> samples, string name, params (string Key, string Value)[] labels) =>
        samples.SingleOrDefault(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value))?.Value;

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>[-+0-9.eEInfNa]+)( \d+)?\r?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)" """ + "?")]
    private static partial Regex Label();
}
