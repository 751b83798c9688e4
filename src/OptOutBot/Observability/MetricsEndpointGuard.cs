using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace OptOutBot.Observability;

/// <summary>
/// Everything under <c>/metrics</c> is for the operator: with <c>Metrics:Token</c> set it needs that bearer token,
/// otherwise only a loopback peer whose request no proxy relayed. Others get 404 (nothing to discover) or 401.
/// </summary>
internal static class MetricsEndpointGuard
{
    public static IApplicationBuilder UseMetricsGuard(this IApplicationBuilder app, MetricsOptions options)
    {
        var token = options.Token.Length == 0 ? null : Encoding.UTF8.GetBytes("Bearer " + options.Token);
        return app.UseWhen(
            context => context.Request.Path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase),
            branch => branch.Use(async (context, next) =>
            {
                if (Allowed(context, token))
                {
                    await next(context).ConfigureAwait(false);
                    return;
                }

                context.Response.StatusCode = token is null ? StatusCodes.Status404NotFound : StatusCodes.Status401Unauthorized;
            }));
    }

    private static bool Allowed(HttpContext context, byte[]? token)
    {
        if (token is not null)
        {
            var given = Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString());
            return CryptographicOperations.FixedTimeEquals(given, token);
        }

        var headers = context.Request.Headers;
        var relayed = headers.ContainsKey("X-Forwarded-For") || headers.ContainsKey("Forwarded") || headers.ContainsKey("X-Real-IP");
        return !relayed && context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote);
    }
}
