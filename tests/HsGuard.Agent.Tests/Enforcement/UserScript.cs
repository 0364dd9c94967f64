using System.Diagnostics;

namespace HsGuard.Agent.Tests.Enforcement;

/// <summary>A shell script run as the test user; disposing it kills it by its pid and reaps it.</summary>
internal sealed class UserScript : IDisposable
{
    private readonly Process _process;

    public UserScript(Process process)
    {
        _process = process;
        Pid = process.Id;
    }

    public int Pid { get; }

    public StreamReader Output => _process.StandardOutput;

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
        _process.WaitForExit();
        _process.Dispose();
    }
}
