-- marts.case_microdata: case microdata shared with regional staff, k-anonymous (k >= 11)
-- over prs_gender, age_band, prs_citizenship, hte_country, identification_year by local
-- suppression. Rebuilt whole (truncate + insert) by the indicators refresh from
-- pata.microdata.build_microdata; no pseudonym, month or province, so no row links back
-- to core.
create table marts.case_microdata (
    prs_gender text not null,
    age_band text not null,
    prs_citizenship text not null,
    hte_country text not null,
    identification_year text not null,
    vic_traffickingstatus text,
    vic_traffickingstatusdecisionmakingorg text,
    vic_typeofexploitation__forcedlabour smallint,
    vic_typeofexploitation__sexualexploitation smallint,
    vic_typeofexploitation__childlabour smallint,
    vic_typeofexploitation__forcedmarriage smallint,
    vic_typeofexploitation__servitude smallint,
    vic_typeofexploitation__forcedmilitarybynonstateactors smallint,
    vic_typeofexploitation__organremoval smallint,
    vic_typeofexploitation__forcedbegging smallint,
    vic_typeofexploitation__forcedadoption smallint,
    vic_typeofexploitation__surrogacy smallint,
    vic_typeofexploitation__other smallint,
    vic_forcedlabourindustry text,
    vic_methodsofcontrol__physicalthreats smallint,
    vic_methodsofcontrol__threatslawenforcement smallint,
    vic_methodsofcontrol__threatenschildrenfamily smallint,
    vic_methodsofcontrol__debtbondage smallint,
    vic_methodsofcontrol__falsepromises smallint,
    vic_methodsofcontrol__physicalabuse smallint,
    vic_methodsofcontrol__sexualabuse smallint,
    vic_methodsofcontrol__takesearnings smallint,
    vic_methodsofcontrol__restrictsfinancialaccess smallint,
    vic_methodsofcontrol__restrictsmedicalcare smallint,
    vic_methodsofcontrol__withholdsnecessities smallint,
    vic_methodsofcontrol__psychologicalabuse smallint,
    vic_methodsofcontrol__psychoactivesubstance smallint,
    vic_methodsofcontrol__excessiveworkinghours smallint,
    vic_methodsofcontrol__withholdsdocuments smallint,
    vic_methodsofcontrol__other smallint,
    vic_methodofrecruitment__ataplaceofbusiness smallint,
    vic_methodofrecruitment__ataneducationalinstitution smallint,
    vic_methodofrecruitment__atwork smallint,
    vic_methodofrecruitment__throughonlinesocialnetworks smallint,
    vic_methodofrecruitment__throughanonlineadvertisement smallint,
    vic_methodofrecruitment__throughatelevisionadvert smallint,
    vic_methodofrecruitment__throughanewspaperadvert smallint,
    vic_methodofrecruitment__throughfamilyorfamilyevents smallint,
    vic_methodofrecruitment__throughfriendsorsocialevents smallint,
    vic_methodofrecruitment__other smallint,
    vic_relationshiptotrafficker text,
    cas_status text,
    cas_referredorganisation text,
    legal_assistance text,
    legal_proceedings_stage text
);
comment on table marts.case_microdata is 'Case microdata for regional staff (grain: one row per consenting person-case in core at the last refresh). Every class over the quasi-identifiers (prs_gender, age_band, prs_citizenship, hte_country, identification_year) has at least 11 rows; values replaced to reach it read ''suppressed''; rows are never dropped. Rows are in content order and carry no key.';
comment on column marts.case_microdata.prs_gender is 'Gender (HTCDS prs_Gender), or suppressed.';
comment on column marts.case_microdata.age_band is 'CTDC age band at identification, unknown, or suppressed.';
comment on column marts.case_microdata.prs_citizenship is 'Citizenship(s), ISO 3166-1 alpha-2 codes joined by '';'', unknown, or suppressed.';
comment on column marts.case_microdata.hte_country is 'Country of exploitation (ISO 3166-1 alpha-2), unknown, or suppressed.';
comment on column marts.case_microdata.identification_year is 'Year the person was identified (YYYY), or suppressed.';
comment on column marts.case_microdata.vic_traffickingstatus is 'Whether the person is a possible, actual or no victim of trafficking.';
comment on column marts.case_microdata.vic_traffickingstatusdecisionmakingorg is 'The kind of organisation that decided the trafficking status.';
comment on column marts.case_microdata.vic_typeofexploitation__forcedlabour is '1 when vic_TypeOfExploitation includes ForcedLabour, 0 when not, null when it is empty.';
comment on column marts.case_microdata.vic_typeofexploitation__sexualexploitation is '1 when vic_TypeOfExploitation includes SexualExploitation, 0 when not, null when it is empty.';
comment on column marts.case_microdata.vic_typeofexploitation__childlabour is '1 when vic_TypeOfExploitation includes ChildLabour, 0 when not, null when it is empty.';
comment on column marts.case_microdata.vic_typeofexploitation__forcedmarriage is '1 when vic_TypeOfExploitation includes ForcedMarriage, 0 when not, null when it is empty.';
comment on column marts.case_microdata.vic_typeofexploitation__servitude is '1 when vic_TypeOfExploitation includes Servitude, 0 when not, null when it is empty.';
comment on column marts.case_microdata.vic_typeofexploitation__forcedmilitarybynonstateactors is '1 when vic_TypeOfExploitation includes ForcedMilitaryByNonStateActors, 0 when not, null when it is empty.';
comment on column marts.case_microdata.vic_typeofexploitation__organremoval is '1 when vic_TypeOfExploitation includes OrganRemoval, 0 when not, null when it is empty.';
comment on column marts.case_microdata.vic_typeofexploitation__forcedbegging is '1 when vic_TypeOfExploitation includes ForcedBegging, 0 when not, null when it is empty.';
comment on column marts.case_microdata.vic_typeofexploitation__forcedadoption is '1 when vic_TypeOfExploitation includes ForcedAdoption, 0 when not, null when it is empty.';
comment on column marts.case_microdata.vic_typeofexploitation__surrogacy is '1 when vic_TypeOfExploitation includes Surrogacy, 0 when not, null when it is empty.';
comment on column marts.case_microdata.vic_typeofexploitation__other is '1 when vic_TypeOfExploitation includes Other, 0 when not, null when it is empty.';
comment on column marts.case_microdata.vic_forcedlabourindustry is 'Industry of forced labour (ISIC sections), when the exploitation includes forced labour.';
comment on column marts.case_microdata.vic_methodsofcontrol__physicalthreats is '1 when vic_MethodsOfControl includes PhysicalThreats, 0 when not, null when it is empty.';
comment on column marts.case_microdata.vic_methodsofcontrol__threatslawenforcement is '1 when vic_MethodsOfControl includes ThreatsLawEnforcement, 0 when not, null when it is empty.';
comment on column marts.case_microdata.vic_methodsofcontrol__threatenschildrenfamily is '1 when vic_MethodsOfControl includes ThreatensChildrenFamily, 0 when not, null when it is empty.';
comment on column marts.case_microdata.vic_methodsofcontrol__debtbondage is '1 when vic_MethodsOfControl includes DebtBondage, 0 when not, null when it is empty.';
comment on column marts.case_microdata.vic_methodsofcontrol__falsepromises is '1 when vic_MethodsOfControl includes FalsePromises, 0 when not, null when it is empty.';
comment on column marts.case_microdata.vic_methodsofcontrol__physicalabuse is '1 when vic_MethodsOfControl includes PhysicalAbuse, 0 when not, null when it is empty.';
comment on column marts.case_microdata.vic_methodsofcontrol__sexualabuse is '1 when vic_MethodsOfControl includes SexualAbuse, 0 when not, null when it is empty.';
comment on column marts.case_microdata.vic_methodsofcontrol__takesearnings is '1 when vic_MethodsOfControl includes TakesEarnings, 0 when not, null when it is empty.';
comment on column marts.case_microdata.vic_methodsofcontrol__restrictsfinancialaccess is '1 when vic_MethodsOfControl includes RestrictsFinancialAccess, 0 when not, null when it is empty.';
comment on column marts.case_microdata.vic_methodsofcontrol__restrictsmedicalcare is '1 when vic_MethodsOfControl includes RestrictsMedicalCare, 0 when not, null when it is empty.';
comment on column marts.case_microdata.vic_methodsofcontrol__withholdsnecessities is '1 when vic_MethodsOfControl includes WithholdsNecessities, 0 when not, null when it is empty.';
comment on column marts.case_microdata.vic_methodsofcontrol__psychologicalabuse is '1 when vic_MethodsOfControl includes PsychologicalAbuse, 0 when not, null when it is empty.';
comment on column marts.case_microdata.vic_methodsofcontrol__psychoactivesubstance is '1 when vic_MethodsOfControl includes PsychoactiveSubstance, 0 when not, null when it is empty.';
comment on column marts.case_microdata.vic_methodsofcontrol__excessiveworkinghours is '1 when vic_MethodsOfControl includes ExcessiveWorkingHours, 0 when not, null when it is empty.';
comment on column marts.case_microdata.vic_methodsofcontrol__withholdsdocuments is '1 when vic_MethodsOfControl includes WithholdsDocuments, 0 when not, null when it is empty.';
comment on column marts.case_microdata.vic_methodsofcontrol__other is '1 when vic_MethodsOfControl includes Other, 0 when not, null when it is empty.';
comment on column marts.case_microdata.vic_methodofrecruitment__ataplaceofbusiness is '1 when vic_MethodOfRecruitment includes AtAPlaceOfBusiness, 0 when not, null when it is empty.';
comment on column marts.case_microdata.vic_methodofrecruitment__ataneducationalinstitution is '1 when vic_MethodOfRecruitment includes AtAnEducationalInstitution, 0 when not, null when it is empty.';
comment on column marts.case_microdata.vic_methodofrecruitment__atwork is '1 when vic_MethodOfRecruitment includes AtWork, 0 when not, null when it is empty.';
comment on column marts.case_microdata.vic_methodofrecruitment__throughonlinesocialnetworks is '1 when vic_MethodOfRecruitment includes ThroughOnlineSocialNetworks, 0 when not, null when it is empty.';
comment on column marts.case_microdata.vic_methodofrecruitment__throughanonlineadvertisement is '1 when vic_MethodOfRecruitment includes ThroughAnOnlineAdvertisement, 0 when not, null when it is empty.';
comment on column marts.case_microdata.vic_methodofrecruitment__throughatelevisionadvert is '1 when vic_MethodOfRecruitment includes ThroughATelevisionAdvert, 0 when not, null when it is empty.';
comment on column marts.case_microdata.vic_methodofrecruitment__throughanewspaperadvert is '1 when vic_MethodOfRecruitment includes ThroughANewspaperAdvert, 0 when not, null when it is empty.';
comment on column marts.case_microdata.vic_methodofrecruitment__throughfamilyorfamilyevents is '1 when vic_MethodOfRecruitment includes ThroughFamilyOrFamilyEvents, 0 when not, null when it is empty.';
comment on column marts.case_microdata.vic_methodofrecruitment__throughfriendsorsocialevents is '1 when vic_MethodOfRecruitment includes ThroughFriendsOrSocialEvents, 0 when not, null when it is empty.';
comment on column marts.case_microdata.vic_methodofrecruitment__other is '1 when vic_MethodOfRecruitment includes Other, 0 when not, null when it is empty.';
comment on column marts.case_microdata.vic_relationshiptotrafficker is 'Relationship of the person to the trafficker (HTCDS spells the last value Unaquainted).';
comment on column marts.case_microdata.cas_status is 'State of the case at the time of the export.';
comment on column marts.case_microdata.cas_referredorganisation is 'Kind of organisation the person was referred to (HTCDS org_Type values; the organisation''s name, which could reveal a shelter, is not exported).';
comment on column marts.case_microdata.legal_assistance is 'Legal assistance the person received from or through the partner.';
comment on column marts.case_microdata.legal_proceedings_stage is 'Furthest stage reached by legal proceedings against the traffickers in this case.';
