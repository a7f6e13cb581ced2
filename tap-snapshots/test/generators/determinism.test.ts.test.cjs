/* IMPORTANT
 * This snapshot file is auto-generated, but designed for humans.
 * It should be checked into source control and tracked carefully.
 * Re-generate by setting TAP_SNAPSHOT=1 and running tests.
 * Make sure to inspect the output below.  Do not ignore changes!
 */
'use strict'
exports[`test/generators/determinism.test.ts > TAP > GEN-DET-05: seeded snapshot of a small population > file digests 1`] = `
Object {
  "bundles/patient-000001.json": "17f907617ae4108244b53f48a0ff8ac647c868b4d1a285435a6e29d6fd2558f2",
  "bundles/patient-000002.json": "6fdf1a2d06bbc4857189ffccb4510efc0b38ee8b6d3cf0e6cafba97d286c654e",
  "bundles/patient-000003.json": "2877e8eacbbc641739623220ed3899c876ee9252795677183e891bacfdbee9c2",
  "bundles/shared.json": "a3bd03d3616d2828d9d48657785cfef0a5ebdae6b8b3f5be4106aa41a01cd489",
  "manifest.json": "6931123e4324c2ecf90664eb8629a34098db4ad1f02a2da2c68f7f8281c5ba4e",
  "ndjson/AllergyIntolerance.ndjson": "8d11c407609a3eb98bf13a6982cc3fb4afddb6e11a9587114716ec874b8bb6ac",
  "ndjson/CarePlan.ndjson": "43bf69559f905fe64652c03f6cbd8ba64c8a300ebc6ad41b5e87139a57401572",
  "ndjson/CareTeam.ndjson": "d460c48d2ea88ad3e9c0cc90b9dce746715741347c33e079bbaca2c029c3a340",
  "ndjson/Claim.ndjson": "1de1812f79cb7734f4c9f9f003a33d07d983f586654e3351ba2bdc558db85301",
  "ndjson/Condition.ndjson": "0b939bae3be7d0531cbc0148fd2c898d62cc59532f98f1af1ba8e224728d074a",
  "ndjson/Coverage.ndjson": "07cf410f9f6a493f4857197cdf36fc4179f1aab4ce4fe3cf97a251e0f7133523",
  "ndjson/DiagnosticReport.ndjson": "134e9eba00f6606a46c8a0d06f36b4c0b1d10498ab34ebaf82a765f49d4134fe",
  "ndjson/DocumentReference.ndjson": "80241486c852f2062f4127d3e4df92e81e40d4f43057e1e5ceebd8ef099593b7",
  "ndjson/Encounter.ndjson": "aa29ef2f3c96a821ad1219cfaf715273fb20c626a7c917112b1d67084932dac8",
  "ndjson/ExplanationOfBenefit.ndjson": "1c7ab848e63457c6458e403b0bc403a8cb498caf82f313655bbbed340798b997",
  "ndjson/Goal.ndjson": "03045901b7f85dfd4db33feec566458401b52965e8c25ca8923515f3fe0c0d34",
  "ndjson/Immunization.ndjson": "7dfaae3e5f47f7dc2a0c7b11bdfc24ee5c4b3e3c94584fdb4a429625be5b00d3",
  "ndjson/Location.ndjson": "6aa867525b08fd55930637eb25d5c0a5a3bef01dd77c683d22c3bd0f07281d2c",
  "ndjson/Medication.ndjson": "0a5a5fb7c6beed77a1f6d401f00a5052c9261485f57b1b4e789cdcfd2ffe3b15",
  "ndjson/MedicationRequest.ndjson": "c0874c16079c0ffd8b5f94a1380f938f2634ba07d2d7f6468032a4ed3c5dadf0",
  "ndjson/Observation.ndjson": "a2c73402150f428e298e62f28b933b25ad64f13ba12b18dfddbe822a7fa24a05",
  "ndjson/Organization.ndjson": "c6ed5cc66c09e0f37c5318253b56ae4ec397c378d428bcf1c3b586e538cbf960",
  "ndjson/Patient.ndjson": "694c468db4ed16da61d280c552d5705c17ca78b2183f1788f31ad4ee0a60f224",
  "ndjson/Practitioner.ndjson": "47e25ddaf3f57a3f7f4ef17583f2158938105d7ffe5e820debcc801752186373",
  "ndjson/PractitionerRole.ndjson": "532875faebbd050e32d7ace2deca052c49be942bf97c723e445ab67d294c19b6",
  "ndjson/Procedure.ndjson": "5a0da50b4a6908933b9f57e2c7bfaa7fc811f8082d722f26f3e20de45afaec31",
  "ndjson/Provenance.ndjson": "4cdf3f2d2d20e91a641d6e18aee9958466288960308d0152352abf13c09be624",
}
`

exports[`test/generators/determinism.test.ts > TAP > GEN-DET-05: seeded snapshot of a small population > first patient 1`] = `
Object {
  "active": true,
  "address": Array [
    Object {
      "city": "South Trishaport",
      "country": "US",
      "line": Array [
        "67809 7th Street",
      ],
      "postalCode": "82776",
      "state": "WY",
      "use": "home",
    },
  ],
  "birthDate": "2010-09-25",
  "communication": Array [
    Object {
      "language": Object {
        "coding": Array [
          Object {
            "code": "es",
            "display": "Spanish",
            "system": "urn:ietf:bcp:47",
          },
        ],
      },
      "preferred": true,
    },
  ],
  "extension": Array [
    Object {
      "extension": Array [
        Object {
          "url": "ombCategory",
          "valueCoding": Object {
            "code": "2106-3",
            "display": "White",
            "system": "urn:oid:2.16.840.1.113883.6.238",
          },
        },
        Object {
          "url": "text",
          "valueString": "White",
        },
      ],
      "url": "http://hl7.org/fhir/us/core/StructureDefinition/us-core-race",
    },
    Object {
      "extension": Array [
        Object {
          "url": "ombCategory",
          "valueCoding": Object {
            "code": "2186-5",
            "display": "Not Hispanic or Latino",
            "system": "urn:oid:2.16.840.1.113883.6.238",
          },
        },
        Object {
          "url": "text",
          "valueString": "Not Hispanic or Latino",
        },
      ],
      "url": "http://hl7.org/fhir/us/core/StructureDefinition/us-core-ethnicity",
    },
    Object {
      "url": "http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex",
      "valueCode": "M",
    },
  ],
  "gender": "male",
  "generalPractitioner": Array [
    Object {
      "display": "Gideon Konopelski",
      "reference": "Practitioner/209849cf-5387-46bd-a8de-ac36cb3b85ac",
    },
  ],
  "id": "5f91a0ea-6960-4154-8f00-70a753a683c2",
  "identifier": Array [
    Object {
      "system": "https://shoreline.invalid/fhir/sid/mrn",
      "type": Object {
        "coding": Array [
          Object {
            "code": "MR",
            "display": "Medical Record Number",
            "system": "http://terminology.hl7.org/CodeSystem/v2-0203",
          },
        ],
      },
      "use": "usual",
      "value": "MRN00000001",
    },
    Object {
      "system": "http://hl7.org/fhir/sid/us-ssn",
      "type": Object {
        "coding": Array [
          Object {
            "code": "SS",
            "display": "Social Security number",
            "system": "http://terminology.hl7.org/CodeSystem/v2-0203",
          },
        ],
      },
      "value": "999-08-6239",
    },
    Object {
      "system": "urn:ietf:rfc:3986",
      "value": "urn:uuid:5f91a0ea-6960-4154-8f00-70a753a683c2",
    },
  ],
  "managingOrganization": Object {
    "display": "Fort Kaylahstad Medical Center",
    "reference": "Organization/28e99aa1-a29f-436d-ac89-ba9f1bd16da5",
  },
  "maritalStatus": Object {
    "coding": Array [
      Object {
        "code": "S",
        "display": "Never Married",
        "system": "http://terminology.hl7.org/CodeSystem/v3-MaritalStatus",
      },
    ],
  },
  "meta": Object {
    "profile": Array [
      "http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient",
    ],
  },
  "name": Array [
    Object {
      "family": "Harris",
      "given": Array [
        "Henderson",
        "Sam",
      ],
      "use": "official",
    },
  ],
  "resourceType": "Patient",
  "telecom": Array [
    Object {
      "system": "phone",
      "use": "mobile",
      "value": "(885) 987-3834",
    },
    Object {
      "system": "email",
      "value": "henderson.harris90@example.com",
    },
  ],
}
`
