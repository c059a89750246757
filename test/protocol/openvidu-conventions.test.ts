import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fromOpenViduType, metadataToStatus, nameFromMetadata, toOpenViduType, withoutTypePrefix } from '../../src/protocol/openvidu-conventions.js';

describe('OpenVidu signal types', () => {
  it('strips the signal: prefix and leaves other types alone', () => {
    assert.equal(withoutTypePrefix('signal:chat'), 'chat');
    assert.equal(withoutTypePrefix('chat'), 'chat');
    assert.equal(withoutTypePrefix('signal'), 'signal');
  });

  it("reads OpenVidu's bare signal and an empty type as no type, and writes no type back as signal", () => {
    assert.equal(fromOpenViduType('signal'), undefined);
    assert.equal(fromOpenViduType(''), undefined);
    assert.equal(fromOpenViduType('signal:chat'), 'chat');
    assert.equal(toOpenViduType(undefined), 'signal');
    assert.equal(toOpenViduType('chat'), 'signal:chat');
  });
});

describe('nameFromMetadata', () => {
  it('takes clientData before name, where OpenVidu apps put the user', () => {
    assert.equal(nameFromMetadata('{"name":"room-7","clientData":"Ann"}'), 'Ann');
    assert.equal(nameFromMetadata('{"nickname":"Nat","username":"nat42"}'), 'Nat');
    assert.equal(nameFromMetadata('{"clientData":"  ","name":"Bo"}'), 'Bo', 'a blank clientData is no name');
  });

  it("ignores the server data openvidu-server appends after %/%", () => {
    assert.equal(nameFromMetadata('{"clientData":"Walt"}%/%{"serverData":"x"}'), 'Walt');
    assert.equal(nameFromMetadata('Walt%/%{"clientData":"Other"}'), 'Walt');
  });

  it('takes short plain text as the name, and long text or other JSON as no name', () => {
    assert.equal(nameFromMetadata('  Ann  '), 'Ann');
    assert.equal(nameFromMetadata('x'.repeat(65)), undefined);
    assert.equal(nameFromMetadata('{"clientData":3}'), undefined);
    assert.equal(nameFromMetadata('{broken'), undefined);
    assert.equal(nameFromMetadata(''), undefined);
  });

  it('gives the relay status the same name', () => {
    assert.deepEqual(metadataToStatus('{"name":"room-7","clientData":"Ann"}'), { name: 'Ann', metadata: '{"name":"room-7","clientData":"Ann"}' });
  });
});
