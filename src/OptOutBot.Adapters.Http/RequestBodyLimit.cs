using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace OptOutBot.Adapters.Http;

/// <summary>The body limit of an inbound endpoint, applied the same way by every adapter.</summary>
public static class RequestBodyLimit
{
    /// <summary>
    /// False when the declared length is over <paramref name="maxBytes"/> (answer 413 without reading). Otherwise sets
    /// Kestrel's limit for this request, so a chunked body with no declared length is stopped at the same size: reading
    /// it then throws <see cref="BadHttpRequestException"/> with status 413.
    /// </summary>
    public static bool Admit(HttpContext context, long maxBytes)
    {
        if (context.Request.ContentLength > maxBytes)
        {
            return false;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }

        return true;
    }
}
