using Google.Protobuf;
using HsGuard.Protocol.V1;

namespace HsGuard.Protocol.Traces;

/// <summary>Reads a trace written by <see cref="TraceWriter"/>. A line that is not a message
/// fails with its file and line number; a torn last line (the writer was killed mid-line) is
/// reported the same way, so that nothing is skipped silently.</summary>
public static class TraceReader
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    public static async IAsyncEnumerable<AgentMessage> ReadAsync(string path,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(path);
        int number = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }
            yield return Parse(line, path, number);
        }
    }

    public static IEnumerable<AgentMessage> Read(string path)
    {
        int number = 0;
        foreach (string line in File.ReadLines(path))
        {
            number++;
            if (line.Length != 0)
            {
                yield return Parse(line, path, number);
            }
        }
    }

    public static AgentMessage Parse(string line, string path, int number)
    {
        try
        {
            var message = Parser.Parse<AgentMessage>(line);
            if (message.BodyCase == AgentMessage.BodyOneofCase.None)
            {
                throw new InvalidDataException("the line holds no hello and no batch");
            }
            return message;
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidJsonException or InvalidDataException or FormatException)
        {
            throw new InvalidDataException($"{path}:{number}: not a trace message: {e.Message}", e);
        }
    }
}
