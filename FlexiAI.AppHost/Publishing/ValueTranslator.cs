using System.Globalization;
using System.Text;

namespace FlexiAI.AppHost.Publishing;

/// <summary>
/// Translates the values of the app model (strings, parameters, endpoint references, connection strings, reference
/// expressions) into what a Kubernetes container sees: endpoints become Service DNS names and ports, secret parameters
/// become keys of the Secret, and nothing secret is ever turned into literal text.
/// </summary>
internal sealed class ValueTranslator(KubernetesSettings settings, IResource? redis, Func<IResource, bool> isDeployed)
{
    /// <summary>The Secret key that holds a resource's whole connection string when Redis is external.</summary>
    public static string ConnectionStringKey(IResource resource) => resource.Name + KubernetesSettings.ExternalConnectionStringKeySuffix;

    public async Task<EnvironmentValue> TranslateAsync(object? value, CancellationToken cancellationToken)
    {
        switch (value)
        {
            case null:
                return EnvironmentValue.Literal("");

            case string text:
                return EnvironmentValue.Literal(text);

            case ParameterResource parameter:
                if (parameter.Secret)
                {
                    return new([new ValuePart.Secret(parameter.Name)], FromReference: false);
                }

                // A plain parameter is a setting: its current value (configuration or default) goes to the ConfigMap.
                return EnvironmentValue.Literal(await parameter.GetValueAsync(cancellationToken) ?? "");

            case ConnectionStringReference reference:
                return await TranslateConnectionStringAsync(reference.Resource, cancellationToken);

            case EndpointReference endpoint:
                return FromEndpoint(endpoint, EndpointProperty.Url);

            case EndpointReferenceExpression expression:
                return FromEndpoint(expression.Endpoint, expression.Property);

            case ReferenceExpression expression:
                return await TranslateExpressionAsync(expression, cancellationToken);

            case IResourceWithConnectionString resource:
                return await TranslateConnectionStringAsync(resource, cancellationToken);

            default:
                throw new NotSupportedException(
                    $"A value of type {value.GetType().Name} ({(value as IManifestExpressionProvider)?.ValueExpression ?? value.ToString()}) " +
                    "has no Kubernetes translation. Add one in FlexiAI.AppHost/Publishing/ValueTranslator.cs.");
        }
    }

    private async Task<EnvironmentValue> TranslateConnectionStringAsync(IResourceWithConnectionString resource, CancellationToken cancellationToken)
    {
        EnsureDeployed(resource);
        if (ReferenceEquals(resource, redis) && settings.Redis == RedisDeployment.External)
        {
            // Sentinel or Cluster: the operator's connection string, whole, from the Secret.
            return new([new ValuePart.Secret(ConnectionStringKey(resource))], FromReference: true);
        }

        var translated = await TranslateExpressionAsync(resource.ConnectionStringExpression, cancellationToken);
        return translated with { FromReference = true };
    }

    private async Task<EnvironmentValue> TranslateExpressionAsync(ReferenceExpression expression, CancellationToken cancellationToken)
    {
        if (expression.IsConditional)
        {
            var condition = await TranslateAsync(expression.Condition, cancellationToken);
            var matches = string.Equals(condition.PlainText, expression.MatchValue, StringComparison.OrdinalIgnoreCase);
            return await TranslateExpressionAsync(matches ? expression.WhenTrue! : expression.WhenFalse!, cancellationToken);
        }

        var pieces = new List<EnvironmentValue>();
        var literal = new StringBuilder();
        var format = expression.Format;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if ((c == '{' || c == '}') && i + 1 < format.Length && format[i + 1] == c)
            {
                literal.Append(c);
                i++;
                continue;
            }

            if (c != '{')
            {
                literal.Append(c);
                continue;
            }

            var end = format.IndexOf('}', i);
            var token = format[(i + 1)..end];
            var colon = token.IndexOf(':', StringComparison.Ordinal);
            var index = int.Parse(colon < 0 ? token : token[..colon], CultureInfo.InvariantCulture);
            var stringFormat = colon < 0 ? expression.StringFormats.ElementAtOrDefault(index) : token[(colon + 1)..];
            i = end;

            pieces.Add(EnvironmentValue.Literal(literal.ToString()));
            literal.Clear();
            var piece = await TranslateAsync(expression.ValueProviders[index], cancellationToken);
            pieces.Add(string.IsNullOrEmpty(stringFormat) ? piece : ApplyFormat(piece, stringFormat));
        }

        pieces.Add(EnvironmentValue.Literal(literal.ToString()));
        return EnvironmentValue.Concat(pieces);
    }

    private static EnvironmentValue ApplyFormat(EnvironmentValue value, string format)
    {
        if (!string.Equals(format, "uri", StringComparison.OrdinalIgnoreCase))
        {
            throw new NotSupportedException($"String format '{format}' has no Kubernetes translation.");
        }

        // Kubernetes cannot URI-encode a value it substitutes from a Secret; keep the format, so the caller refuses it.
        return value with
        {
            Parts = value.Parts
                .Select(p => p is ValuePart.Text text ? new ValuePart.Text(Uri.EscapeDataString(text.Value)) : (ValuePart)((ValuePart.Secret)p with { Format = format }))
                .ToList(),
        };
    }

    private EnvironmentValue FromEndpoint(EndpointReference reference, EndpointProperty property)
    {
        var resource = reference.Resource;
        EnsureDeployed(resource);
        if (ReferenceEquals(resource, redis) && settings.Redis == RedisDeployment.External)
        {
            throw new NotSupportedException(
                $"An endpoint of '{resource.Name}' is referenced, but Redis is external (Kubernetes:Redis=external). " +
                "Reference only its connection string: WithReferenceEnvironment(ReferenceEnvironmentInjectionFlags.ConnectionString).");
        }

        var endpoint = DeployedEndpoint.For(resource, reference.EndpointAnnotation);
        var text = property switch
        {
            EndpointProperty.Url => endpoint.Url,
            EndpointProperty.Host or EndpointProperty.IPV4Host => endpoint.Service,
            EndpointProperty.Port => endpoint.ServicePort.ToString(CultureInfo.InvariantCulture),
            EndpointProperty.TargetPort => endpoint.ContainerPort.ToString(CultureInfo.InvariantCulture),
            EndpointProperty.HostAndPort => $"{endpoint.Service}:{endpoint.ServicePort.ToString(CultureInfo.InvariantCulture)}",
            EndpointProperty.Scheme => endpoint.Scheme,
            EndpointProperty.TlsEnabled => reference.EndpointAnnotation.TlsEnabled ? bool.TrueString : bool.FalseString,
            _ => throw new NotSupportedException($"Endpoint property {property} has no Kubernetes translation."),
        };
        return new([new ValuePart.Text(text)], FromReference: true);
    }

    private void EnsureDeployed(IResource resource)
    {
        if (!isDeployed(resource))
        {
            throw new ExcludedResourceReferenceException(resource.Name);
        }
    }
}

/// <summary>A value refers to a resource that is not deployed (excluded from publishing, like the simulator).</summary>
internal sealed class ExcludedResourceReferenceException(string resourceName)
    : InvalidOperationException($"'{resourceName}' is not deployed.")
{
    public string ResourceName { get; } = resourceName;
}
