namespace FlexiAI.AppHost.Publishing;

/// <summary>
/// A piece of an environment variable's value in Kubernetes: literal text, or the value of a key of the Secret
/// (<see cref="KubernetesSettings.SecretName"/>), which only a <c>secretKeyRef</c> may carry.
/// </summary>
internal abstract record ValuePart
{
    private ValuePart()
    {
    }

    /// <summary>Literal text.</summary>
    public sealed record Text(string Value) : ValuePart;

    /// <summary>The value of <paramref name="Key"/> in the Secret; <paramref name="Format"/> is Aspire's string format (for example <c>uri</c>), if any.</summary>
    public sealed record Secret(string Key, string? Format = null) : ValuePart;
}

/// <summary>
/// An environment variable's value, translated from the app model. <see cref="FromReference"/> tells whether it was
/// derived from another resource (an endpoint, a connection string): such values are wiring and stay in the
/// Deployment; plain literals are settings and go to the ConfigMap.
/// </summary>
internal sealed record EnvironmentValue(IReadOnlyList<ValuePart> Parts, bool FromReference)
{
    public static EnvironmentValue Literal(string text) => new([new ValuePart.Text(text)], FromReference: false);

    /// <summary>The whole value is one Secret key, used as is.</summary>
    public string? WholeSecretKey => Parts is [ValuePart.Secret { Format: null } secret] ? secret.Key : null;

    public bool HasSecrets => Parts.Any(p => p is ValuePart.Secret);

    /// <summary>The text of a value without secrets.</summary>
    public string PlainText => HasSecrets
        ? throw new InvalidOperationException("The value holds a secret.")
        : string.Concat(Parts.Cast<ValuePart.Text>().Select(p => p.Value));

    public static EnvironmentValue Concat(IEnumerable<EnvironmentValue> values)
    {
        var parts = new List<ValuePart>();
        var fromReference = false;
        foreach (var value in values)
        {
            fromReference |= value.FromReference;
            foreach (var part in value.Parts)
            {
                // Merge adjacent text, so a value without secrets is a single text part.
                if (part is ValuePart.Text text && parts.Count > 0 && parts[^1] is ValuePart.Text previous)
                {
                    parts[^1] = new ValuePart.Text(previous.Value + text.Value);
                }
                else if (part is not ValuePart.Text { Value.Length: 0 })
                {
                    parts.Add(part);
                }
            }
        }

        return new(parts.Count == 0 ? [new ValuePart.Text("")] : parts, fromReference);
    }
}
