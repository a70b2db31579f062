// The lifecycle stages as the API names them (LeadStage), and how people write them.
export const STAGES = ['Subscriber', 'Lead', 'Mql', 'Sal', 'Sql', 'Opportunity', 'Customer', 'Recycled', 'Disqualified', 'Lost'];

export const stageLabel = (stage) => (stage && stage.length === 3 ? stage.toUpperCase() : stage);
