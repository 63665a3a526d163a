using System.Net;
using System.Net.Http.Headers;
using FlexiAI.Api.Security;

namespace FlexiAI.Tests.Security;

/// <summary>
/// A keep-alive connection's bearer key is hashed once while it stays the same (<see cref="ConnectionKeyMemo"/>): the
/// memo matches only the header instance it saw, and every other key on the same connection is checked in full.
/// </summary>
public sealed class ConnectionKeyMemoTests(SecuredGatewayFixture gateway) : IClassFixture<SecuredGatewayFixture>
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public void Only_the_instance_remembered_is_recalled_not_an_equal_string()
    {
        var memo = new ConnectionKeyMemo();
        var header = "Bearer " + SecuredGatewayFixture.ClientKey;
        var client = new Caller(CallerRole.Client, "0123456789ab");

        Assert.False(memo.TryRecall(header, out _));
        memo.Remember(header, client);

        Assert.True(memo.TryRecall(header, out var recalled));
        Assert.Same(client, recalled);
        Assert.False(memo.TryRecall(new string(header.AsSpan()), out _));
        Assert.False(memo.TryRecall("Bearer not-a-configured-key-at-all", out var other));
        Assert.Same(Caller.Anonymous, other);
    }

    [Fact]
    public async Task Keys_that_change_on_one_keep_alive_connection_are_each_checked()
    {
        var connections = 0;
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1,
            ConnectCallback = async (context, cancellationToken) =>
            {
                Interlocked.Increment(ref connections);
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
        };
        using var client = new HttpClient(handler) { BaseAddress = gateway.BaseAddress };

        // (bearer key, x-api-key, Authorization scheme other than Bearer, path, expected status), in this order on one
        // connection. GET /admin/key passes with an admin key only.
        (string? Bearer, string? ApiKey, string? Basic, string Path, HttpStatusCode Expected)[] requests =
        [
            (SecuredGatewayFixture.ClientKey, null, null, "v1/models", HttpStatusCode.OK),
            (SecuredGatewayFixture.ClientKey, null, null, "v1/models", HttpStatusCode.OK),
            ("not-a-configured-key-at-all", null, null, "v1/models", HttpStatusCode.Unauthorized),
            (SecuredGatewayFixture.ClientKey, null, null, "v1/models", HttpStatusCode.OK),
            (SecuredGatewayFixture.ClientKey, null, null, "admin/key", HttpStatusCode.Unauthorized),
            (SecuredGatewayFixture.AdminKey, null, null, "admin/key", HttpStatusCode.NoContent),
            (SecuredGatewayFixture.AdminKey, null, null, "admin/key", HttpStatusCode.NoContent),
            (SecuredGatewayFixture.ClientKey, null, null, "admin/key", HttpStatusCode.Unauthorized),
            (null, null, null, "v1/models", HttpStatusCode.Unauthorized),
            // Another scheme in Authorization leaves the key to x-api-key: the same Authorization value must not carry a verdict over.
            (null, SecuredGatewayFixture.ClientKey, "dXNlcjpwYXNz", "v1/models", HttpStatusCode.OK),
            (null, "not-a-configured-key-at-all", "dXNlcjpwYXNz", "v1/models", HttpStatusCode.Unauthorized),
            (SecuredGatewayFixture.ClientKey, null, null, "v1/models", HttpStatusCode.OK),
        ];
        var statuses = new List<HttpStatusCode>();
        foreach (var (bearer, apiKey, basic, path, _) in requests)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (bearer is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            }
            if (basic is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
            }
            if (apiKey is not null)
            {
                request.Headers.Add("x-api-key", apiKey);
            }
            using var response = await client.SendAsync(request, _ct);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(requests.Select(r => r.Expected), statuses);
        Assert.Equal(1, connections);
    }
}
