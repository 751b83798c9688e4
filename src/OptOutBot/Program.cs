using OptOutBot.Hosting;

return await BotCli.Create().Parse(args).InvokeAsync();
