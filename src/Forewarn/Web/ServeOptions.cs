using System.ComponentModel.DataAnnotations;

namespace Forewarn.Web;

/// <summary>The <c>Forewarn:Serve</c> section: what <c>forewarn serve</c> does at start.</summary>
public sealed class ServeOptions : IValidatableObject
{
    public const string Section = "Forewarn:Serve";

    /// <summary>On the first start with no Smart Account at all, import the bundled sample so a newcomer sees something.</summary>
    public bool ImportSampleOnFirstStart { get; set; } = true;

    /// <summary>The sample bundle; a relative path is taken from the application directory.</summary>
    public string SamplePath { get; set; } = Path.Combine("samples", "sample-inventory.json");

    public string ResolvedSamplePath => Path.GetFullPath(SamplePath, AppContext.BaseDirectory);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ImportSampleOnFirstStart && !File.Exists(ResolvedSamplePath))
            yield return new ValidationResult(
                $"{Section}:SamplePath: no file at '{ResolvedSamplePath}' (set {Section}:ImportSampleOnFirstStart to false to start without the sample).",
                [nameof(SamplePath)]);
    }
}
