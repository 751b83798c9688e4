using System.Globalization;
using OptOutBot.Broadcasts.Calendar;
using OptOutBot.Broadcasts.Outbox;

namespace OptOutBot.Broadcasts.Scheduling;

/// <summary>Words a reminder: the event title in bold with its local date, then the author's text and links.</summary>
public static class ReminderComposer
{
    public static string BroadcastKey(DeadlineEvent deadline, ReminderOffset offset) =>
        string.Create(CultureInfo.InvariantCulture, $"reminder:{ReminderKey(deadline.Id, offset)}@{deadline.At.UtcDateTime:yyyy-MM-dd'T'HH:mm}Z");

    public static string ReminderKey(string eventId, ReminderOffset offset) => $"{eventId}:{offset.Key}";

    public static BroadcastContent Compose(DeadlineEvent deadline, ContentLocales locales)
    {
        var messages = new Dictionary<string, BroadcastMessage>(StringComparer.Ordinal);
        foreach (var locale in locales.All)
        {
            var culture = CultureInfo.GetCultureInfo(locale);
            var when = deadline.LocalAt.ToString("f", culture);
            var text = $"**{deadline.TitleIn(locale, locales.Default)}** ({when}, {deadline.TimeZone.Id})\n\n{deadline.TextIn(locale, locales.Default)}";
            var links = deadline.Links.Select(l => new BroadcastLink(Localized.Pick(l.Label, locale, locales.Default), l.Url)).ToArray();
            messages[locale] = new BroadcastMessage(text, links);
        }

        return new BroadcastContent(locales.Default, messages);
    }
}

/// <summary>The content languages (Content:Locales); the first is the default.</summary>
public sealed record ContentLocales(IReadOnlyList<string> All)
{
    public string Default => All[0];
}
