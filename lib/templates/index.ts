// The template catalog's surface for other domains (drafts count a use when they copy a template).
export { recordTemplateUseIn } from "./service";
export { invalidateTemplateChange } from "./invalidation";
