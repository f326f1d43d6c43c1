// Renders one package file from scripts/templates/<name>.mjs (each template is a function of the context).
export async function renderTemplate(name, context) {
  const template = await import(new URL(`../templates/${name}.mjs`, import.meta.url));
  return template.render(context);
}
