import {
  BARRIER_FORM_FIELDS,
  evidenceFromForm,
  formProblems,
  linkFromForm,
  RAISE_FIELDS,
  raiseFromForm,
  reasonFromForm,
  respondFromForm,
  triageFromForm,
} from './barrier-forms.js';

describe('raiseFromForm', () => {
  it('turns the form into the API body: objectives as numbers, one evidence item, blanks left out', () => {
    const { body, values } = raiseFromForm({
      ccg: ' 00c ',
      raisedOn: '',
      objectives: ['13', '14'],
      actionArea: 'information-sharing-technology',
      otherReason: '  ',
      stopsLocally: 'Shared care plans live on paper.',
      'evidence.0.summary': 'Three discharge letters lost in March.',
      'evidence.0.source': '',
      nationalBodies: 'department-of-health',
    });
    expect(body).toEqual({
      ccg: '00c',
      objectives: [13, 14],
      actionArea: 'information-sharing-technology',
      stopsLocally: 'Shared care plans live on paper.',
      evidence: [{ summary: 'Three discharge letters lost in March.' }],
      nationalBodies: ['department-of-health'],
    });
    expect(values.objectives).toEqual(['13', '14']);
    expect(values.nationalBodies).toEqual(['department-of-health']);
  });

  it('leaves what was not given for the schema to name; an objective that is no number is a problem of the form', () => {
    const { body, problems } = raiseFromForm({ objectives: ['x', '13'], 'evidence.0.summary': '', 'evidence.0.source': '' });
    expect(body).toEqual({ objectives: [13], nationalBodies: [] });
    expect(problems).toEqual([{ field: 'objectives', message: 'choose objectives from the list' }]);
    expect(raiseFromForm({})).toMatchObject({ body: { objectives: [], nationalBodies: [] }, problems: [] });
  });

  it('a field of one input given twice is a problem naming it, the first value kept on the form', () => {
    const { values, problems } = raiseFromForm({ raisedOn: ['2013-10-01', '2013-10-02'], ccg: ['00C', '02N'], objectives: ['13', '14'] });
    expect(values.raisedOn).toBe('2013-10-01');
    expect(problems).toEqual([
      { field: 'ccg', message: 'choose one CCG' },
      { field: 'raisedOn', message: 'give one date raised' },
    ]);
    expect(formProblems(problems, RAISE_FIELDS, '#raise-form').errors).toEqual({ ccg: 'Choose one CCG', raisedOn: 'Give one date raised' });
  });
});

describe('the barrier page forms', () => {
  it('each refuses a field of one input given twice, naming it', () => {
    expect(evidenceFromForm({ summary: ['a', 'b'] }).problems).toEqual([{ field: 'summary', message: 'give one description of the evidence' }]);
    expect(reasonFromForm({ reason: ['a', 'b'] }).problems.map((p) => p.field)).toEqual(['reason']);
    expect(triageFromForm({ triage: 'local', owner: ['a', 'b'], responseDue: ['x', 'y'] }).problems.map((p) => p.field)).toEqual([
      'owner',
      'responseDue',
    ]);
    expect(respondFromForm({ text: ['a', 'b'] }).problems.map((p) => p.field)).toEqual(['text']);
    expect(
      linkFromForm({ title: ['a', 'b'], barriers: ['BAR-2013-0002', 'BAR-2013-0003'] }, 'BAR-2013-0001', []).problems.map((p) => p.field),
    ).toEqual(['title']);
    expect(evidenceFromForm({ summary: 'Seen twice.' }).problems).toEqual([]);
  });

  it('evidence, reasons, triage and a response: trimmed, blanks left out', () => {
    expect(evidenceFromForm({ summary: ' Seen twice. ', source: '' }).body).toEqual({ summary: 'Seen twice.' });
    expect(reasonFromForm({ reason: '' }).body).toEqual({});
    expect(triageFromForm({ triage: 'national', reason: 'Every CCG in the region', owner: '', responseDue: '2014-03-31' }).body).toEqual({
      triage: 'national',
      reason: 'Every CCG in the region',
      responseDue: '2014-03-31',
    });
    expect(respondFromForm({ text: 'Standards are due.', nationalAction: '', respondedOn: '' }).body).toEqual({ text: 'Standards are due.' });
  });
});

describe('linkFromForm', () => {
  const issues = [
    {
      ref: 'NI-2013-0001',
      barriers: [
        { ref: 'BAR-2013-0007', status: 'withdrawn' },
        { ref: 'BAR-2013-0008', status: 'triaged' },
      ],
    },
    { ref: 'NI-2013-0002', barriers: [{ ref: 'BAR-2013-0009', status: 'withdrawn' }] },
  ];

  it('links this barrier with those chosen, itself first and once', () => {
    const { body, problems } = linkFromForm({ barriers: ['BAR-2013-0002', 'BAR-2013-0001'], title: ' Records ' }, 'BAR-2013-0001', issues);
    expect(body).toEqual({ barriers: ['BAR-2013-0001', 'BAR-2013-0002'], title: 'Records' });
    expect(problems).toEqual([]);
  });

  it('alone, it opens an issue for this barrier (the API asks for the title)', () => {
    expect(linkFromForm({}, 'BAR-2013-0001', issues).body).toEqual({ barriers: ['BAR-2013-0001'] });
  });

  it('joins an existing issue through one of its barriers not withdrawn', () => {
    expect(linkFromForm({ issue: 'NI-2013-0001' }, 'BAR-2013-0001', issues).body).toEqual({ barriers: ['BAR-2013-0001', 'BAR-2013-0008'] });
  });

  it('an unknown issue, or one with every barrier withdrawn, is a problem of the issue field', () => {
    expect(linkFromForm({ issue: 'NI-2013-0099' }, 'BAR-2013-0001', issues).problems).toEqual([
      {
        field: 'issue',
        message: expect.stringContaining('NI-2013-0099'),
      },
    ]);
    expect(linkFromForm({ issue: 'NI-2013-0002' }, 'BAR-2013-0001', issues).problems).toEqual([
      {
        field: 'issue',
        message: expect.stringContaining('withdrawn'),
      },
    ]);
  });
});

describe('formProblems', () => {
  it('puts each issue beside its field, in words where the schema spoke in its own', () => {
    const { errors, errorList } = formProblems(
      [
        { field: 'objectives', message: 'Too small: expected array to have >=1 items' },
        { field: 'otherReason', message: 'say why none of the national action areas fits' },
        { field: 'stopsLocally', message: 'Invalid input: expected string, received undefined' },
      ],
      RAISE_FIELDS,
      '#raise-form',
    );
    expect(errors).toEqual({
      objectives: 'Choose at least one mandate objective',
      otherReason: 'Say why none of the national action areas fits',
      stopsLocally: 'Say what the barrier stops locally, in 10 to 4,000 characters',
    });
    expect(errorList.map((e) => e.href)).toEqual(['#objective-1', '#otherReason', '#stopsLocally']);
  });

  it('takes an issue of a list item to its group, once per field', () => {
    const { errors, errorList } = formProblems(
      [
        { field: 'objectives.0', message: 'unknown mandate objective 40 (the draft mandate has objectives 1–22)' },
        { field: 'objectives.1', message: 'objective 3 is named twice' },
      ],
      RAISE_FIELDS,
      '#raise-form',
    );
    expect(errors.objectives).toBe('Unknown mandate objective 40 (the draft mandate has objectives 1–22)');
    expect(errorList).toHaveLength(1);
  });

  it('an issue of a field the form lacks links to the form, naming the field', () => {
    expect(formProblems([{ field: 'barriers.1', message: 'unknown barrier BAR-2013-0042' }], BARRIER_FORM_FIELDS.triage, '#triage-form')).toEqual({
      errors: {},
      errorList: [{ href: '#triage-form', message: 'barriers.1: Unknown barrier BAR-2013-0042' }],
    });
    const link = formProblems([{ field: 'barriers.1', message: 'unknown barrier BAR-2013-0042' }], BARRIER_FORM_FIELDS.link, '#link-form');
    expect(link.errors).toEqual({ 'link.barriers': 'Unknown barrier BAR-2013-0042' });
  });
});
