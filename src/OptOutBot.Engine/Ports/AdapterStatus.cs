namespace OptOutBot.Engine.Ports;

/// <summary>
/// Each adapter registers one, so the host can log at start which adapters are on, and for those that are off,
/// the exact setting that would turn them on.
/// </summary>
/// <param name="Channel">"telegram", "discord", "botframework", "web".</param>
/// <param name="Enabled">Whether it serves in this process.</param>
/// <param name="Detail">When on: the mode (e.g. "long polling"); when off: the setting to set, e.g. "set Telegram:BotToken".</param>
public sealed record AdapterStatus(string Channel, bool Enabled, string Detail);
