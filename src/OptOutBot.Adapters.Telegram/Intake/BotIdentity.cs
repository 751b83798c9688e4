using global::Telegram.Bot.Requests;
using Microsoft.Extensions.Options;

namespace OptOutBot.Adapters.Telegram.Intake;

/// <summary>
/// Who the bot is, for group commands ("/optout@Name") and mentions. The id comes from the token; the username from
/// Telegram:BotUsername or, when that is empty, one getMe on first need (retried later if it fails).
/// </summary>
internal sealed class BotIdentity(TelegramApiClient api, IOptions<TelegramOptions> options)
{
    private readonly string? _configured = options.Value.BotUsername.Length > 0 ? options.Value.BotUsername.TrimStart('@') : null;
    private string? _fetched;

    public long Id { get; } = options.Value.BotId;

    public async ValueTask<string?> GetUsernameAsync(CancellationToken cancellationToken = default)
    {
        if (_configured is not null)
        {
            return _configured;
        }

        if (_fetched is not null)
        {
            return _fetched;
        }

        var me = await api.CallAsync(new GetMeRequest(), cancellationToken).ConfigureAwait(false);
        return _fetched = me.Value?.Username;
    }
}
