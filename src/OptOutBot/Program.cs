using OptOutBot.Hosting;

return await BotCli.Parse(args).InvokeAsync();
