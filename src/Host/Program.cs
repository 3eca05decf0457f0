using Lumen.Host.Cli;

return LumenCli.Run(args);
