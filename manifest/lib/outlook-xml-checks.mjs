// Offline checks of the XML add-in manifest (Microsoft's validator for XML manifests is an online service).
import { XMLParser, XMLValidator } from 'fast-xml-parser';

const VERSION_4 = /^\d+\.\d+\.\d+\.\d+$/;

/** Returns one sentence per problem; an empty list means the manifest passed. */
export function checkOutlookXml(xml) {
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) {
    return [`the XML manifest is not well-formed: ${wellFormed.err.msg} (line ${wellFormed.err.line})`];
  }
  const problems = [];
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(xml);
  const app = doc.OfficeApp;
  if (!app || app['@xsi:type'] !== 'MailApp') problems.push('the root element must be <OfficeApp xsi:type="MailApp">');
  else {
    if (!VERSION_4.test(String(app.Version ?? '')))
      problems.push(`<Version> must have four numeric parts (got "${app.Version}")`);
    if (app.Permissions !== 'ReadItem') problems.push('<Permissions> must be ReadItem');
  }
  for (const match of xml.matchAll(/(?:DefaultValue="|<AppDomain>)(https?:[^"<]*)/g)) {
    if (!match[1]?.startsWith('https://')) problems.push(`every URL must use https (found ${match[1]})`);
  }
  return problems;
}
