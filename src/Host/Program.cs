// The radcnn executable: every command is a CLI command (see Cli/); `run` starts the service.
using RadCnn.Host.Cli;

return await CliApplication.RunAsync(args).ConfigureAwait(false);
