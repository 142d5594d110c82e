/**
 * Certifications (資格) the service knows, by code. Replaceable data: the codes of IPA's national
 * examinations and common cloud certifications; extend the list without touching the contract.
 */
export const CERTIFICATIONS: Readonly<Record<string, string>> = {
  "IPA-IP": "IT Passport",
  "IPA-SG": "Information Security Management",
  "IPA-FE": "Fundamental Information Technology Engineer",
  "IPA-AP": "Applied Information Technology Engineer",
  "IPA-SC": "Registered Information Security Specialist",
  "IPA-ST": "IT Strategist",
  "IPA-PM": "Project Manager",
  "IPA-DB": "Database Specialist",
  "IPA-NW": "Network Specialist",
  "AWS-CLF": "AWS Certified Cloud Practitioner",
  "AWS-SAA": "AWS Certified Solutions Architect - Associate",
  "AZ-900": "Microsoft Certified: Azure Fundamentals",
  "GCP-ACE": "Google Cloud Associate Cloud Engineer",
};
