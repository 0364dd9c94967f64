using System.Security.Cryptography;
using System.Text;
using HsGuard.Collector.Detection.Rules.Compilation;
using HsGuard.Collector.Detection.Rules.Definitions;
using HsGuard.Collector.Detection.Rules.Yaml;

namespace HsGuard.Collector.Detection.Rules;

/// <summary>
/// Loads rules files into a <see cref="RuleSet"/>. Every file is read and checked whatever is wrong
/// with the others, and every error is returned, in file and line order, as a person fixing them
/// wants them (YARP's ConfigValidator: "performs all validation steps without short-circuiting").
/// </summary>
public static class RuleLoader
{
    /// <summary>
    /// Loads <paramref name="paths"/> in order: a directory stands for its *.yaml and *.yml files
    /// sorted by name (not its subdirectories, not hidden files), a file for itself. Items apply in
    /// that order, so a later file overrides an earlier one.
    /// </summary>
    public static RuleLoadResult Load(IEnumerable<string> paths, TimeProvider? time = null)
    {
        var errors = new List<RuleError>();
        var files = new List<RuleFile>();
        var order = new Dictionary<string, int>(StringComparer.Ordinal);
        var table = new DefinitionTable();
        var requested = paths.ToList();
        foreach (string path in Expand(requested, errors))
        {
            order[path] = order.Count;
            byte[] content;
            try
            {
                content = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add(new RuleError(path, 0, 0, "cannot be read: " + e.Message));
                continue;
            }
            files.Add(new RuleFile(path, Convert.ToHexStringLower(SHA256.HashData(content))));
            var source = new SourceFile(path, Encoding.UTF8.GetString(content));
            foreach (var item in RuleItemReader.Read(SourceTreeReader.Read(source, errors), errors))
            {
                table.Apply(item, errors);
            }
        }
        if (order.Count == 0 && errors.Count == 0)
        {
            errors.Add(new RuleError(string.Join(", ", requested), 0, 0, "no rules files (*.yaml, *.yml) found"));
        }
        var (rules, lists) = RuleSetCompiler.Compile(table, errors);
        if (errors.Count > 0)
        {
            return new RuleLoadResult(null, [.. errors.OrderBy(e => order.GetValueOrDefault(e.File, -1)).ThenBy(e => e.Line).ThenBy(e => e.Column)]);
        }
        var set = new RuleSet(rules, lists, table.Macros.Count, files, Version(files), (time ?? TimeProvider.System).GetUtcNow());
        return new RuleLoadResult(set, []);
    }

    /// <summary>The rules files of a directory, in the order they load.</summary>
    public static IReadOnlyList<string> FilesOf(string directory) =>
        [.. Directory.EnumerateFiles(directory).Where(f => IsRulesFile(Path.GetFileName(f))).Order(StringComparer.Ordinal)];

    /// <summary>A name that a directory's rules files have: *.yaml or *.yml, not hidden (an editor's
    /// lock or swap file, such as Emacs' .#name.yaml, is hidden).</summary>
    internal static bool IsRulesFile(string name) => !name.StartsWith('.')
        && (name.EndsWith(".yaml", StringComparison.Ordinal) || name.EndsWith(".yml", StringComparison.Ordinal));

    private static List<string> Expand(IEnumerable<string> paths, List<RuleError> errors)
    {
        var files = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string path in paths)
        {
            IEnumerable<string> found;
            try
            {
                found = Directory.Exists(path) ? FilesOf(path)
                    : File.Exists(path) ? [path]
                    : throw new FileNotFoundException("no such file or directory");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add(new RuleError(path, 0, 0, e is FileNotFoundException ? e.Message : "cannot be read: " + e.Message));
                continue;
            }
            files.AddRange(found.Where(f => seen.Add(Path.GetFullPath(f))));
        }
        return files;
    }

    private static string Version(IEnumerable<RuleFile> files) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", files.Select(f => f.Sha256)))))[..12];
}
