using System.CommandLine;
using OptOutBot.Admin;

namespace OptOutBot.Cli;

/// <summary><c>optoutbot admin hash-password</c>: turns a console password into the <c>Admin:PasswordHash</c> setting.</summary>
internal static class AdminCommand
{
    public static Command Create()
    {
        var hash = new Command("hash-password", "Read a password on stdin (one line) and print its Admin:PasswordHash value (PBKDF2-SHA256).");
        hash.SetAction((parse, ct) => Task.FromResult(HashPassword(Console.IsInputRedirected ? Console.In : new UnechoedConsole(), Console.Out, Console.Error)));
        return new Command("admin", "The operator console at /admin.") { hash };
    }

    public static int HashPassword(TextReader input, TextWriter output, TextWriter error)
    {
        if (input is UnechoedConsole)
        {
            error.WriteLine("Password (at least 12 characters, not shown), then Enter:");
        }

        var password = input.ReadLine()?.TrimEnd('\r') ?? "";
        if (password.Length < 12)
        {
            error.WriteLine("The password must be at least 12 characters.");
            return 1;
        }

        output.WriteLine(AdminPassword.Hash(password));
        return 0;
    }

    /// <summary>A typed password is not shown on the terminal.</summary>
    private sealed class UnechoedConsole : TextReader
    {
        public override string? ReadLine()
        {
            var line = new System.Text.StringBuilder();
            while (true)
            {
                var key = Console.ReadKey(intercept: true);
                if (key.Key == ConsoleKey.Enter)
                {
                    Console.Error.WriteLine();
                    return line.ToString();
                }

                if (key.Key == ConsoleKey.Backspace)
                {
                    line.Length = Math.Max(0, line.Length - 1);
                }
                else if (!char.IsControl(key.KeyChar))
                {
                    line.Append(key.KeyChar);
                }
            }
        }
    }
}
