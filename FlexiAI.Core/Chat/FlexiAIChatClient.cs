using System.Runtime.CompilerServices;
using FlexiAI.Options;
using FlexiAI.Protocols.Anthropic;
using FlexiAI.Providers;
using FlexiAI.Routing;
using Microsoft.Extensions.AI;

namespace FlexiAI.Chat;

/// <summary>
/// The router as an <see cref="IChatClient"/> for in-process use: each call goes through the same routes,
/// breakers and failover rules as the gateway, with every provider reached through its
/// <see cref="IChatClient"/> (the OpenAI SDK's, or our Anthropic client). <see cref="ChatOptions.ModelId"/> names the route (<c>default</c> when null).
/// Function tools, calls and results, images (<see cref="DataContent"/>, <see cref="UriContent"/>) and JSON response
/// formats cross to every provider's protocol as in the gateway (README, "What crosses protocols").
/// Routes with a hedging policy (<c>FlexiAI:Hedging:{route}</c>) are hedged here too.
/// Responses carry <c>flexiai.provider</c> and <c>flexiai.attempts</c> in their additional properties, and
/// <c>flexiai.hedged</c> (true) when a hedge was started.
/// </summary>
public sealed class FlexiAIChatClient(ProviderCatalog catalog, FailoverRouter router, HedgingPolicies hedging) : IChatClient
{
    public const string ProviderProperty = "flexiai.provider";
    public const string AttemptsProperty = "flexiai.attempts";
    public const string HedgedProperty = "flexiai.hedged";

    /// <summary>The name this client gives as its provider in <see cref="ChatClientMetadata"/> (telemetry's <c>gen_ai.provider.name</c>).</summary>
    public const string ProviderName = "flexiai";

    private static readonly ChatClientMetadata Metadata = new(ProviderName, providerUri: null, FlexiAIOptions.DefaultRoute);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var (route, policy, providerOptions) = Prepare(options);
        var list = messages as IList<ChatMessage> ?? [.. messages];
        var result = await router.ExecuteAsync(route, policy,
            attempt => attempt.Provider.ChatClient.GetResponseAsync(list, providerOptions, attempt.CancellationToken),
            streaming: false, cancellationToken).ConfigureAwait(false);

        var response = result.Value;
        response.AdditionalProperties ??= [];
        Describe(response.AdditionalProperties, result);
        return response;
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages,
        ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (route, policy, providerOptions) = Prepare(options);
        var list = messages as IList<ChatMessage> ?? [.. messages];

        // Fail over (and hedge) only until the first update: open the stream and read one update inside the attempt.
        var result = await router.ExecuteAsync(route, policy, async attempt =>
        {
            var enumerator = attempt.Provider.ChatClient
                .GetStreamingResponseAsync(list, providerOptions, attempt.CancellationToken)
                .GetAsyncEnumerator(attempt.CancellationToken);
            try
            {
                var any = await enumerator.MoveNextAsync().ConfigureAwait(false);
                return new OpenedStream(enumerator, any);
            }
            catch
            {
                await enumerator.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }, streaming: true, cancellationToken).ConfigureAwait(false);

        var completion = result.Completion!;
        var stream = result.Value.Updates;
        var hasCurrent = result.Value.HasCurrent;
        ProviderFailure? failure = null;
        try
        {
            var first = true;
            while (hasCurrent)
            {
                var update = stream.Current;
                if (first)
                {
                    update.AdditionalProperties ??= [];
                    Describe(update.AdditionalProperties, result);
                    first = false;
                }
                WithoutStreamPieces(update);
                yield return update;

                try
                {
                    hasCurrent = await stream.MoveNextAsync().ConfigureAwait(false);
                    completion.Context.RestartTimeout();
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    // After the first update has gone to the caller there is no failing over: report honestly.
                    var cause = FailureClassifier.Classify(exception, completion.TimedOut, result.Provider.Options.Timeout);
                    failure = cause with { Kind = FailureKind.StreamInterrupted };
                    throw new ProviderException(failure, inner: exception);
                }
            }
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            await completion.CompleteAsync(failure).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// This client, or its <see cref="ChatClientMetadata"/> (provider <c>flexiai</c>, default model the <c>default</c>
    /// route), which middleware such as <c>UseOpenTelemetry()</c> reads to describe its spans.
    /// </summary>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? Metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose()
    {
        // Providers' clients belong to the catalog, which the container disposes.
    }

    /// <summary>
    /// Removes the pieces of tool calls the Anthropic client streams for the gateway (<see cref="ToolCallDelta"/>): an
    /// <see cref="IChatClient"/> caller gets each call whole, as a <see cref="FunctionCallContent"/>, when its block ends.
    /// </summary>
    private static void WithoutStreamPieces(ChatResponseUpdate update)
    {
        var contents = update.Contents;
        for (var i = contents.Count - 1; i >= 0; i--)
        {
            if (contents[i] is ToolCallDelta)
            {
                contents.RemoveAt(i);
            }
        }
    }

    private static void Describe<T>(AdditionalPropertiesDictionary properties, RouteResult<T> result)
    {
        properties[ProviderProperty] = result.Provider.Name;
        properties[AttemptsProperty] = result.Attempts.Count;
        if (result.Hedged)
        {
            properties[HedgedProperty] = true;
        }
    }

    private (IReadOnlyList<Provider> Route, HedgingOptions? Hedging, ChatOptions? ProviderOptions) Prepare(ChatOptions? options)
    {
        var routeName = options?.ModelId;
        var route = catalog.Resolve(routeName)
            ?? throw new ArgumentException($"No route or model named '{routeName}'. Choices: {string.Join(", ", catalog.ModelNames)}, or provider/model.", nameof(options));
        // Each provider answers with its own configured model, not the route name (unless the caller named one: provider/model).
        var providerOptions = options is null ? (route.Model is null ? null : new ChatOptions()) : options.Clone();
        if (providerOptions is not null)
        {
            providerOptions.ModelId = route.Model;
        }
        return (route, hedging.For(routeName), providerOptions);
    }

    /// <summary>A provider's stream, positioned on its first update (if any). Disposable, so a hedge that lost is closed.</summary>
    private sealed class OpenedStream(IAsyncEnumerator<ChatResponseUpdate> updates, bool hasCurrent) : IAsyncDisposable
    {
        public IAsyncEnumerator<ChatResponseUpdate> Updates { get; } = updates;

        public bool HasCurrent { get; } = hasCurrent;

        public ValueTask DisposeAsync() => Updates.DisposeAsync();
    }
}
