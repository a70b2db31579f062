namespace Nurture.Core.Forms;

/// <summary>The forms in force on this node, by name; replaced as a whole when the shared documents load.</summary>
public sealed class FormCatalog
{
    private volatile IReadOnlyDictionary<string, FormDefinition> _forms = new Dictionary<string, FormDefinition>();

    public IReadOnlyDictionary<string, FormDefinition> All => _forms;

    public FormDefinition? Find(string name) => _forms.GetValueOrDefault(name);

    public void Use(IReadOnlyDictionary<string, FormDefinition> forms)
    {
        ArgumentNullException.ThrowIfNull(forms);
        _forms = forms;
    }
}
